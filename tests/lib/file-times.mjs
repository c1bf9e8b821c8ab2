// file-times.mjs — a node:test reporter that writes how long each test file took, slowest
// first, so the suite's time can be read per file (make test-times). A file's time runs from
// the previous file's last report to its own last one: exact when files run one at a time,
// and with files in parallel it is the file's share of the wall clock.
export default async function* fileTimes(source) {
  const start = Date.now();
  const last = new Map(); // file → time of its last report
  for await (const event of source) {
    const file = event.data && event.data.file;
    if (file) last.set(file, Date.now());
  }
  const ordered = [...last].sort((a, b) => a[1] - b[1]);
  const rows = ordered.map(([file, at], i) => [file, at - (i ? ordered[i - 1][1] : start)]);
  rows.sort((a, b) => b[1] - a[1]);
  for (const [file, ms] of rows) yield `${(ms / 1000).toFixed(1).padStart(7)} s  ${file.replace(`${process.cwd()}/`, '')}\n`;
  yield `${((Date.now() - start) / 1000).toFixed(1).padStart(7)} s  in all\n`;
}
