export interface RequestKind {
  id: string;
  label: string;
  method: 'GET' | 'POST';
  headers: Readonly<Record<string, string>>;
  body?: string;
}

const POST_BODY_BYTES = 1024;

/** A JSON document of exactly `bytes` bytes, so the proxy streams a body of a known, realistic size. */
export function jsonBodyOf(bytes: number): string {
  const envelope = '{"data":""}';
  return `{"data":"${'x'.repeat(bytes - envelope.length)}"}`;
}

export const REQUEST_KINDS: readonly RequestKind[] = [
  { id: 'get', label: 'GET', method: 'GET', headers: {} },
  {
    id: 'post-1k',
    label: 'POST 1 KiB',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: jsonBodyOf(POST_BODY_BYTES),
  },
];
