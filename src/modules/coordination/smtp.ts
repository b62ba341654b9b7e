// Optional e-mail for reminders: a minimal SMTP client (RFC 5321) — EHLO, STARTTLS (RFC 3207) or
// implicit TLS, AUTH PLAIN (RFC 4954), one message. Off unless LERNORT_SMTP_HOST is set; no
// package needed for a plain-text reminder. Failures throw, so pg-boss retries the delivery job.
import net from 'node:net';
import tls from 'node:tls';

export interface SmtpSettings { host: string; port: number; secure: boolean; user?: string; password?: string; from: string }

export function smtpFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpSettings | null {
  const host = env.LERNORT_SMTP_HOST;
  if (!host) return null;
  const secure = env.LERNORT_SMTP_SECURE === '1';
  return { host, port: Number(env.LERNORT_SMTP_PORT || (secure ? 465 : 587)), secure, user: env.LERNORT_SMTP_USER || undefined, password: env.LERNORT_SMTP_PASSWORD || undefined, from: env.LERNORT_SMTP_FROM || `lernort@${host}` };
}

/** One reply (possibly multi-line "250-…" then "250 …") from the server. */
function reader(socket: net.Socket | tls.TLSSocket) {
  let buffer = '';
  const waiting: ((line: string) => void)[] = [];
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let m = /(^|\n)(\d{3}) [^\n]*\n/.exec(buffer); m && waiting.length; m = /(^|\n)(\d{3}) [^\n]*\n/.exec(buffer)) {
      const end = m.index + m[0].length;
      const reply = buffer.slice(0, end);
      buffer = buffer.slice(end);
      waiting.shift()!(reply);
    }
  };
  socket.on('data', onData);
  return { next: () => new Promise<string>((resolve) => waiting.push(resolve)), detach: () => socket.off('data', onData) };
}

const clean = (s: string) => s.replace(/[\r\n]/g, ' ');

export async function sendMail(s: SmtpSettings, mail: { to: string; subject: string; text: string }): Promise<void> {
  let socket: net.Socket | tls.TLSSocket = s.secure ? tls.connect({ host: s.host, port: s.port, servername: s.host }) : net.connect({ host: s.host, port: s.port });
  socket.setTimeout(20_000, () => socket.destroy(new Error('SMTP timeout')));
  let r = reader(socket);
  const talk = async (line: string | null, expect: number) => {
    if (line !== null) socket.write(`${line}\r\n`);
    const reply = await r.next();
    if (!reply.startsWith(String(expect)) && !(expect === 250 && reply.startsWith('251'))) throw new Error(`SMTP: ${reply.trim().slice(0, 200)}`);
    return reply;
  };
  try {
    await talk(null, 220);
    let ehlo = await talk('EHLO lernort', 250);
    if (!s.secure && /STARTTLS/i.test(ehlo)) {
      await talk('STARTTLS', 220);
      r.detach();
      socket = tls.connect({ socket, servername: s.host });
      r = reader(socket);
      ehlo = await talk('EHLO lernort', 250);
    }
    if (s.user) await talk(`AUTH PLAIN ${Buffer.from(`\u0000${s.user}\u0000${s.password ?? ''}`).toString('base64')}`, 235);
    await talk(`MAIL FROM:<${clean(s.from)}>`, 250);
    await talk(`RCPT TO:<${clean(mail.to)}>`, 250);
    await talk('DATA', 354);
    const body = mail.text.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    const subject = `=?UTF-8?B?${Buffer.from(clean(mail.subject)).toString('base64')}?=`;
    await talk(`From: ${clean(s.from)}\r\nTo: ${clean(mail.to)}\r\nSubject: ${subject}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}\r\n.`, 250);
    await talk('QUIT', 221).catch(() => undefined);
  } finally {
    socket.destroy();
  }
}
