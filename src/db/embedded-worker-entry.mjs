// Worker threads do not inherit the TypeScript loader in every setup; register it explicitly.
import { register } from 'tsx/esm/api';
register();
await import('./embedded-worker.ts');
