/**
 * Resource route: the bytes of a photo a device attached to an event (a count, an adjustment or a
 * damaged-product return), for a signed-in manager or admin. The photo is found by the SHA-256 the
 * device signed into the event, so what is shown is what the technician's signature covers. Only
 * the image types the domain accepts are ever stored; `nosniff` keeps a browser from reading the
 * bytes as anything else.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { SHA256_HEX } from '@pco/domain';
import { forkEm, requireUser } from '~/lib/auth.server';
import { getEventAttachment } from '~/lib/store.server';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const sha256 = params.sha256 ?? '';
  if (!SHA256_HEX.test(sha256)) throw new Response('A photo is named by 64 lowercase hex characters.', { status: 400 });
  const photo = await getEventAttachment(forkEm(context), sha256);
  if (!photo) throw new Response('No photo with that SHA-256 has reached the server yet.', { status: 404 });
  return new Response(new Uint8Array(photo.bytes), {
    headers: {
      'Content-Type': photo.contentType,
      'Content-Length': String(photo.bytes.length),
      'Content-Disposition': `inline; filename="${sha256}"`,
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
