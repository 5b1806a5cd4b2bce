/**
 * Just enough MIME to show a development inbox: headers (unfolded, RFC 2047 words decoded) and
 * the first text/plain body, decoded from quoted-printable or base64. Not a general parser:
 * it reads what nodemailer writes, and falls back to the raw text for anything else.
 */
export interface ParsedMail {
  from: string;
  to: string[];
  subject: string;
  date: string;
  text: string;
}

export function parseMail(raw: Buffer, envelope: { from?: string; to: string[] }, receivedAt: Date): ParsedMail {
  const { headers, body } = splitEntity(raw.toString('latin1'));
  return {
    from: headers.get('from') ?? envelope.from ?? '',
    to: envelope.to,
    subject: headers.get('subject') ?? '(no subject)',
    date: receivedAt.toISOString(),
    text: textOf(headers, body),
  };
}

/** Headers and body of one entity; the text stays latin1 (byte = char) until a part is decoded. */
function splitEntity(entity: string): { headers: Map<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(entity);
  const head = match ? entity.slice(0, match.index) : entity;
  const body = match ? entity.slice(match.index + match[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body };
}

function textOf(headers: Map<string, string>, body: string): string {
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body
      .split(`--${boundary}`)
      .slice(1)
      .filter((part) => !part.startsWith('--'));
    for (const part of parts) {
      const inner = splitEntity(part.replace(/^\r?\n/, ''));
      const text = textOf(inner.headers, inner.body);
      if (text) return text;
    }
    return '';
  }
  if (!/^text\/plain/i.test(type)) return '';
  return decodeBody(body, headers.get('content-transfer-encoding') ?? '7bit', charsetOf(type));
}

function decodeBody(body: string, encoding: string, charset: BufferEncoding): string {
  const bytes = /^base64$/i.test(encoding)
    ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
    : /^quoted-printable$/i.test(encoding)
      ? quotedPrintable(body)
      : Buffer.from(body, 'latin1');
  return bytes.toString(charset).replace(/\r\n/g, '\n').trimEnd();
}

function quotedPrintable(text: string): Buffer {
  const unfolded = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unfolded.length; i++) {
    const hex = unfolded[i] === '=' ? unfolded.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(unfolded.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** =?utf-8?Q?...?= / =?utf-8?B?...?= words in headers; whitespace between two words is dropped. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, charset: string, kind: string, data: string) => {
      const bytes = kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : quotedPrintable(data.replace(/_/g, ' '));
      return bytes.toString(charsetOf(`charset=${charset}`));
    });
}

function charsetOf(contentType: string): BufferEncoding {
  const charset = /charset="?([^";\s]+)"?/i.exec(contentType)?.[1]?.toLowerCase() ?? 'utf-8';
  return charset === 'us-ascii' || charset === 'iso-8859-1' || charset === 'latin1' ? 'latin1' : 'utf8';
}
