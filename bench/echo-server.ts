/**
 * The machine's ceiling for bench:server: a bare express 5 app that parses the same JSON body and
 * answers a small JSON reply, with no engine, store or NLU. Whatever the service reaches is bounded
 * by what this reaches on the same cores under the same autocannon load. Prints its URL and runs
 * until killed.
 */
import express from 'express';

const app = express();
app.use(express.json({ limit: '16kb' }));
app.post('/api/inapp/sessions/:sessionId/messages', (req, res) => {
  const body = req.body as { text?: unknown; clientMessageId?: unknown };
  res.json({
    replies: [{ text: typeof body.text === 'string' ? body.text : 'ok' }],
    intent: null,
    flow: null,
    handoff: 'none',
  });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`ready: open http://127.0.0.1:${address.port}/\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
