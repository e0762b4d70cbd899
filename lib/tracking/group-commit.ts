// Group commit for the event API's inbox: the rows of requests that arrive together are written
// by one multi-row INSERT instead of one statement (and one commit) each. A row waits for the
// end of the current turn of the event loop, when the requests parsed meanwhile have joined it,
// or for a write in flight to finish (so groups grow with the load). Each caller's promise
// settles with its group's write: nothing is acknowledged before it is committed, and a failed
// write fails every request in it.

export type GroupCommitOptions = {
  /** Rows in one write at most. */
  maxRows: number;
  /** Writes under way at once at most; rows queue behind them. */
  maxInFlight: number;
};

type Waiting<Row> = { row: Row; resolve: () => void; reject: (error: unknown) => void };

export class GroupCommit<Row> {
  private queue: Waiting<Row>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly write: (rows: Row[]) => Promise<void>,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Resolves once `row` is committed; rejects with the write's error if its group failed. */
  add(row: Row): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (this.queue.length >= this.options.maxRows) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const group = this.queue.splice(0, this.options.maxRows);
      this.inFlight++;
      // The write is called inside a promise so a synchronous throw fails the group too.
      new Promise<void>((resolve) => resolve(this.write(group.map((waiting) => waiting.row))))
        .then(
          () => group.forEach((waiting) => waiting.resolve()),
          (error: unknown) => group.forEach((waiting) => waiting.reject(error)),
        )
        .finally(() => {
          this.inFlight--;
          this.flush();
        });
    }
  }
}
