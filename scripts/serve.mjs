// `npm start`: builds the playground, rebuilds on change, and serves it on localhost.
import { watchContext } from './build.mjs';

const port = Number(process.env.PORT ?? 8080);
const ctx = await watchContext();
await ctx.watch();
const { port: actual } = await ctx.serve({ servedir: 'dist', port, host: '127.0.0.1' });
console.log(`Kubernetes in a tab is running at http://localhost:${actual}/`);
console.log('Press Ctrl-C to stop.');
