// `npm run build` runs this after compiling: every data record against its zod schema, so a bad
// record fails the build and names itself, and run time can load the JSON unchecked.
import { DATA_FILES } from './index.js';
import { parseRecords, parseSymptoms } from './validate.js';
import symptoms from '../../data/symptoms.json' with { type: 'json' };

const codes = parseRecords(DATA_FILES);
const list = parseSymptoms('data/symptoms.json', symptoms);
console.log(`data checked: ${codes.length} codes, ${list.length} symptoms`);
