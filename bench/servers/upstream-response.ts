/** What every request to the bench upstream gets back; the bench checks each target returns it before measuring. */
export const UPSTREAM_BODY = '{"message":"hello from the bench upstream"}';
