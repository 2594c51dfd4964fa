// Stands in for jsr:@std/streams' toArrayBuffer, which the runtime uses for upload events.
export function toArrayBuffer(readable) {
	return new Response(readable).arrayBuffer();
}
