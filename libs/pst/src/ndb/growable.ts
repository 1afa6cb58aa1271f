/** A column of numbers that grows as needed: index entries cost 8 bytes each, not an object. */
export class NumberColumn {
  private values = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = value;
  }

  at(index: number): number {
    return this.values[index];
  }
}
