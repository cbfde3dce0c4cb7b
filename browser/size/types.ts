// Size budget entry: the value classes and errors of @nillion/types, every export.
import * as types from "@nillion/types";

export default types;
