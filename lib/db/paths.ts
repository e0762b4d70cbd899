import path from "node:path";

/** Where a local install keeps its embedded database and generated secrets. */
export const LOCAL_DATA_DIR = path.join(process.cwd(), ".data");
