// The Overview's live samples: a fixed number of columns (time, then one per series), each a
// ring of `capacity` slots allocated once, so hours of polling never grow it. A gap (all
// series null) is written where samples are missing, so a chart breaks its line there rather
// than drawing across time that was not sampled. `columns()` hands the samples oldest first
// in arrays reused from call to call (uPlot reads them; nothing else keeps them).

export class SampleRing {
  /** `width`: values per sample besides the time; `capacity`: samples kept. */
  constructor(width, capacity) {
    this.width = width;
    this.cols = [];
    this.out = Array.from({ length: width + 1 }, () => []);
    this.resize(capacity);
  }

  /** Keeps the newest `capacity` samples (the slots are reallocated once). */
  resize(capacity) {
    const keep = this.cols.length ? this.columns().map((c) => c.slice(-capacity)) : null;
    this.capacity = capacity;
    this.cols = Array.from({ length: this.width + 1 }, () => new Array(capacity).fill(null));
    this.start = 0;
    this.count = 0;
    if (keep) {
      for (let i = 0; i < keep[0].length; i += 1) this.writeRow(keep.map((c) => c[i]));
    }
  }

  writeRow(row) {
    const slot = (this.start + this.count) % this.capacity;
    for (let c = 0; c <= this.width; c += 1) this.cols[c][slot] = row[c] ?? null;
    if (this.count < this.capacity) this.count += 1;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** A sample at `time` (seconds): `values` in series order (a missing one is null). */
  push(time, values) {
    this.writeRow([time, ...values]);
  }

  /** A gap at `time`: a point with no value, so lines break there. Not twice in a row. */
  gap(time) {
    if (!this.count || this.lastIsGap()) return;
    this.writeRow([time]);
  }

  lastIsGap() {
    if (!this.count) return false;
    const slot = (this.start + this.count - 1) % this.capacity;
    return this.cols.slice(1).every((c) => c[slot] === null);
  }

  /** The time of the newest row, or null. */
  lastTime() {
    return this.count ? this.cols[0][(this.start + this.count - 1) % this.capacity] : null;
  }

  /** Rows that hold a sample (gaps left out). */
  samples() {
    return this.count - this.gaps();
  }

  /** Gap rows within the samples kept. */
  gaps() {
    let n = 0;
    for (let i = 0; i < this.count; i += 1) {
      const slot = (this.start + i) % this.capacity;
      if (this.cols.slice(1).every((c) => c[slot] === null)) n += 1;
    }
    return n;
  }

  /** [times, series…], oldest first, in arrays reused by the next call. */
  columns() {
    for (let c = 0; c <= this.width; c += 1) {
      const src = this.cols[c];
      const dst = this.out[c];
      dst.length = this.count;
      for (let i = 0; i < this.count; i += 1) dst[i] = src[(this.start + i) % this.capacity];
    }
    return this.out;
  }
}
