/** Reproduces models/sentiment.{json,bin}: `node --import tsx scripts/train-sentiment.ts [dataDir]`. */
import { DEFAULT_DATA, trainAndSave } from '../src/cli/commands/model.ts';

trainAndSave(process.argv[2] ?? DEFAULT_DATA);
