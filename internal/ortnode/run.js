// Runs ONNX models with onnxruntime-node for tablerl's tests. argv[2] names a
// JSON list of jobs {model, obs, rows, cols, out}: obs holds rows×cols
// float32 little-endian; the job's outputs are written to out + "." + name
// as raw little-endian bytes, and a summary of the session and its output
// tensors to stdout as JSON.
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

async function main() {
  const jobs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const summary = [];
  for (const job of jobs) {
    const session = await ort.InferenceSession.create(job.model);
    const buf = fs.readFileSync(job.obs);
    const obs = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    const feeds = {};
    feeds[session.inputNames[0]] = new ort.Tensor('float32', obs, [job.rows, job.cols]);
    const results = await session.run(feeds);
    const outputs = {};
    for (const name of session.outputNames) {
      const t = results[name];
      const d = t.data;
      fs.writeFileSync(job.out + '.' + name, Buffer.from(d.buffer, d.byteOffset, d.byteLength));
      outputs[name] = { type: t.type, dims: t.dims.map(Number) };
    }
    summary.push({ inputs: session.inputNames, outputs: outputs, version: ort.env.versions });
  }
  process.stdout.write(JSON.stringify(summary));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
