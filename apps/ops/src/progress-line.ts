/**
 * One status line that rewrites itself on a terminal (at most ten times a second) and prints
 * a line now and then when the output is a file or pipe.
 */
export class ProgressLine {
  private last = 0;
  private shown = '';

  constructor(private readonly out: NodeJS.WriteStream) {}

  update(text: string): void {
    const now = Date.now();
    const interval = this.out.isTTY ? 100 : 5_000;
    if (now - this.last < interval) return;
    this.last = now;
    this.shown = text;
    this.out.write(this.out.isTTY ? `\r\x1b[K${text}` : `${text}\n`);
  }

  log(text: string): void {
    this.out.write(this.out.isTTY && this.shown ? `\r\x1b[K${text}\n${this.shown}` : `${text}\n`);
  }

  done(): void {
    if (this.out.isTTY && this.shown) this.out.write('\n');
  }
}
