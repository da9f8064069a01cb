// environments/dev applied to its own real API server (see apply-suite.ts).
import { describeApply } from './apply-suite.js';

describeApply('dev');
