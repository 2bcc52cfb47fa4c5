// The error a bad data record raises, naming file, index and code. Zod-free, so run time can use it.
export class RegistryError extends Error {
  override name = 'RegistryError';
}
