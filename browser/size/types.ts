// Size budget entry: the value classes and errors of @nillion/types, every export.
export * from "@nillion/types";
