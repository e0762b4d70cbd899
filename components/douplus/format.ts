// How DOU+ figures read on the page: fen as yuan, ratios as percents, n/a for null.

export const yuan = (fen: string | null) => (fen === null ? "n/a" : `¥${(Number(fen) / 100).toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
export const count = (n: number) => n.toLocaleString("en");
export const percent = (ratio: string | null) => (ratio === null ? "n/a" : `${(Number(ratio) * 100).toFixed(1)}%`);
export const decimal = (value: string | null) => (value === null ? "n/a" : Number(value).toLocaleString("en", { maximumFractionDigits: 1 }));
