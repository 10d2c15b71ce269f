/**
 * A webhook for Chainguard events: every POST is verified (CloudEvent headers, the OIDC token's
 * signature, issuer, audience, expiry and `webhook:<group>` subject, the body digest) before it
 * becomes a notification. Refused deliveries get 401, 403 or 400 with the reason.
 *
 *   CHAINGUARD_GROUP   group UIDP the subscription belongs to (required)
 *   CHAINGUARD_ISSUER  token issuer; default https://issuer.enforce.dev (the sandbox exports its own)
 *   PORT               default 8787
 *   SLACK_WEBHOOK_URL  when set, notifications are also posted there as Slack messages
 */
import { createServer, IncomingMessage, Server } from 'node:http';
import { notificationText } from './notifications';
import { ChainguardEventReceiver } from '../../src';

/** An HTTP server that hands each verified event's notification to `notify`. */
export function createReceiverServer(receiver: ChainguardEventReceiver, notify: (text: string) => void | Promise<void>): Server {
  return createServer((req, res) => {
    void handle(req).then(({ status, reason }) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(reason ?? 'ok');
    });
  });

  async function handle(req: IncomingMessage): Promise<{ status: number; reason?: string }> {
    if (req.method !== 'POST') return { status: 405, reason: 'POST events here' };
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const result = await receiver.receive(headers, Buffer.concat(chunks).toString('utf8'));
    if (!result.accepted) {
      process.stderr.write(`refused delivery (${result.status}): ${result.reason}\n`);
      return { status: result.status, reason: result.reason };
    }
    await notify(notificationText(result.event!));
    return { status: 200 };
  }
}

async function postToSlack(url: string, text: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }) });
  if (!response.ok) process.stderr.write(`Slack answered ${response.status}\n`);
}

if (require.main === module) {
  const group = process.env.CHAINGUARD_GROUP;
  if (!group) {
    process.stderr.write('set CHAINGUARD_GROUP to the UIDP of the subscribed group\n');
    process.exit(2);
  }
  const receiver = new ChainguardEventReceiver({ group, issuer: process.env.CHAINGUARD_ISSUER || undefined });
  const slack = process.env.SLACK_WEBHOOK_URL;
  const server = createReceiverServer(receiver, async text => {
    process.stdout.write(`${text}\n`);
    if (slack) await postToSlack(slack, text);
  });
  const port = Number(process.env.PORT ?? 8787);
  server.listen(port, '127.0.0.1', () => process.stderr.write(`receiving Chainguard events for ${group} on http://127.0.0.1:${port}/events\n`));
}
