// Stands in for jsr:@std/io's writeAll: the Deno runtime writes its JSON-RPC messages to
// stdout with it, and a single write() may take only part of the bytes.
export async function writeAll(writer, data) {
	let written = 0;
	while (written < data.length) {
		written += await writer.write(data.subarray(written));
	}
}
