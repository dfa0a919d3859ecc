// `npm start`: set up what is missing, then serve the viewer on http://127.0.0.1:5173/.
import { ensureDemo, ensureDependencies, run } from './setup.mjs';

ensureDependencies();
ensureDemo();
process.exit(run(process.execPath, ['node_modules/vite/bin/vite.js', '--host', '127.0.0.1', '--port', process.env.PORT ?? '5173', ...process.argv.slice(2)]));
