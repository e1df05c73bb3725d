import type { IncomingMessage } from 'node:http';
import Negotiator from 'negotiator';

export type Encoding = 'br' | 'gzip' | 'identity';
const ENCODINGS: Encoding[] = ['br', 'gzip', 'identity'];

// negotiator 1.x takes `preferred`, which its @types (0.6) do not know.
type EncodingNegotiator = { encoding(available: Encoding[], opts: { preferred: Encoding[] }): Encoding | undefined };

/**
 * The best response encoding the request accepts (Accept-Encoding with q-values; identity when none
 * fits). Browsers list gzip before br at equal q; `preferred` breaks such ties for brotli, the smaller.
 */
export function acceptedEncoding(req: IncomingMessage): Encoding {
  return (new Negotiator(req) as unknown as EncodingNegotiator).encoding(ENCODINGS, { preferred: ENCODINGS }) ?? 'identity';
}
