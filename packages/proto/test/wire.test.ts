// The facts of the nilvm v0.10 wire protocol that clients and nodes depend on, asserted on the published
// descriptors (imported by package name, as users import them). A change to proto/ that breaks the wire
// fails here even without a nilvm checkout at hand.
import { type DescMessage, type DescService, fromBinary, toBinary } from "@bufbuild/protobuf";
import { RetryInfoSchema } from "@nillion/proto/google/rpc/error_details";
import { StatusSchema } from "@nillion/proto/google/rpc/status";
import { UserIdSchema } from "@nillion/proto/nillion/auth/v1/user";
import { Compute } from "@nillion/proto/nillion/compute/v1/service";
import { LeaderQueries } from "@nillion/proto/nillion/leader_queries/v1/service";
import { Membership } from "@nillion/proto/nillion/membership/v1/service";
import { MsgPayForSchema } from "@nillion/proto/nillion/meta/v1/tx";
import { OperationSchema } from "@nillion/proto/nillion/nada/v1/operations";
import { AddFundsPayloadSchema } from "@nillion/proto/nillion/payments/v1/balance";
import { QuoteFeesSchema, StoreValuesSchema } from "@nillion/proto/nillion/payments/v1/quote";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import { Permissions } from "@nillion/proto/nillion/permissions/v1/service";
import { PreprocessingElementSchema } from "@nillion/proto/nillion/preprocessing/v1/element";
import { Preprocessing } from "@nillion/proto/nillion/preprocessing/v1/service";
import { Programs } from "@nillion/proto/nillion/programs/v1/service";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import { StoreValuesRequestSchema } from "@nillion/proto/nillion/values/v1/store";
import { ValueSchema, ValueTypeSchema } from "@nillion/proto/nillion/values/v1/value";
import { describe, expect, it } from "vitest";

/** `name kind` per method, e.g. `RetrieveResults server_streaming`. */
function methods(service: DescService): string[] {
  return service.methods.map((m) => `${m.name} ${m.methodKind} ${m.input.typeName} ${m.output.typeName}`);
}

/** `number name` per field, in field-number order. */
function fields(message: DescMessage): string[] {
  return [...message.fields].sort((a, b) => a.number - b.number).map((f) => `${f.number} ${f.name}`);
}

describe("services and methods (HTTP paths /<service>/<method>)", () => {
  const empty = "google.protobuf.Empty";
  it.each([
    [
      Membership,
      "nillion.membership.v1.Membership",
      [
        `Cluster unary ${empty} nillion.membership.v1.cluster.Cluster`,
        `NodeVersion unary ${empty} nillion.membership.v1.version.NodeVersion`,
      ],
    ],
    [
      Payments,
      "nillion.payments.v1.Payments",
      [
        "PriceQuote unary nillion.payments.v1.quote.PriceQuoteRequest nillion.payments.v1.quote.SignedQuote",
        "PaymentReceipt unary nillion.payments.v1.receipt.PaymentReceiptRequest nillion.payments.v1.receipt.SignedReceipt",
        `PaymentsConfig unary ${empty} nillion.payments.v1.config.PaymentsConfigResponse`,
        `AccountBalance unary ${empty} nillion.payments.v1.balance.AccountBalanceResponse`,
        `AddFunds unary nillion.payments.v1.balance.AddFundsRequest ${empty}`,
      ],
    ],
    [
      Values,
      "nillion.values.v1.Values",
      [
        "StoreValues unary nillion.values.v1.store.StoreValuesRequest nillion.values.v1.store.StoreValuesResponse",
        "RetrieveValues unary nillion.values.v1.retrieve.RetrieveValuesRequest nillion.values.v1.retrieve.RetrieveValuesResponse",
        `DeleteValues unary nillion.values.v1.delete.DeleteValuesRequest ${empty}`,
      ],
    ],
    [
      Permissions,
      "nillion.permissions.v1.Permissions",
      [
        "RetrievePermissions unary nillion.permissions.v1.retrieve.RetrievePermissionsRequest nillion.permissions.v1.permissions.Permissions",
        `OverwritePermissions unary nillion.permissions.v1.overwrite.OverwritePermissionsRequest ${empty}`,
        `UpdatePermissions unary nillion.permissions.v1.update.UpdatePermissionsRequest ${empty}`,
      ],
    ],
    [
      Programs,
      "nillion.programs.v1.Programs",
      [
        "StoreProgram unary nillion.programs.v1.store.StoreProgramRequest nillion.programs.v1.store.StoreProgramResponse",
      ],
    ],
    [
      Compute,
      "nillion.compute.v1.Compute",
      [
        "InvokeCompute unary nillion.compute.v1.invoke.InvokeComputeRequest nillion.compute.v1.invoke.InvokeComputeResponse",
        `StreamCompute client_streaming nillion.compute.v1.stream.ComputeStreamMessage ${empty}`,
        "RetrieveResults server_streaming nillion.compute.v1.retrieve.RetrieveResultsRequest nillion.compute.v1.retrieve.RetrieveResultsResponse",
      ],
    ],
    [
      LeaderQueries,
      "nillion.leader_queries.v1.LeaderQueries",
      [
        "PoolStatus unary nillion.leader_queries.v1.pool_status.PoolStatusRequest nillion.leader_queries.v1.pool_status.PoolStatusResponse",
      ],
    ],
    [
      Preprocessing,
      "nillion.preprocessing.v1.Preprocessing",
      [
        "GeneratePreprocessing server_streaming nillion.preprocessing.v1.generate.GeneratePreprocessingRequest nillion.preprocessing.v1.generate.GeneratePreprocessingResponse",
        "GenerateAuxiliaryMaterial server_streaming nillion.preprocessing.v1.generate.GenerateAuxiliaryMaterialRequest nillion.preprocessing.v1.generate.GenerateAuxiliaryMaterialResponse",
        `StreamPreprocessing client_streaming nillion.preprocessing.v1.stream.PreprocessingStreamMessage ${empty}`,
        `StreamAuxiliaryMaterial client_streaming nillion.preprocessing.v1.stream.AuxiliaryMaterialStreamMessage ${empty}`,
        `CleanupUsedElements unary nillion.preprocessing.v1.cleanup.CleanupUsedElementsRequest ${empty}`,
      ],
    ],
  ])("%#: %s", (service, typeName, expected) => {
    expect(service.typeName).toBe(typeName);
    expect(methods(service)).toEqual(expected);
  });
});

describe("field numbers that changed across generations", () => {
  it("StoreValuesRequest carries shares in field 5 and reserves the bincode field 2", () => {
    expect(fields(StoreValuesRequestSchema)).toEqual([
      "1 signed_receipt",
      "3 permissions",
      "4 update_identifier",
      "5 values",
    ]);
  });

  it("QuoteFees has tokens = 1 and credits = 7", () => {
    expect(fields(QuoteFeesSchema)).toEqual(["1 tokens", "7 credits"]);
  });

  it("StoreValues quotes have an optional ttl_days = 4", () => {
    const ttl = StoreValuesSchema.fields.find((f) => f.name === "ttl_days");
    expect(ttl?.number).toBe(4);
    expect(ttl?.proto.proto3Optional).toBe(true);
  });

  it("AddFundsPayload has leader_public_key = 3", () => {
    expect(fields(AddFundsPayloadSchema)).toEqual(["1 recipient", "2 nonce", "3 leader_public_key"]);
  });

  it("MsgPayFor is the chain message /nillion.meta.v1.MsgPayFor", () => {
    expect(MsgPayForSchema.typeName).toBe("nillion.meta.v1.MsgPayFor");
    expect(fields(MsgPayForSchema)).toEqual(["1 resource", "2 from_address", "3 amount"]);
  });
});

describe("value encodings", () => {
  it("numbers Value and ValueType differently", () => {
    const valueCases = ValueSchema.oneofs[0]?.fields.map((f) => `${f.number} ${f.name}`);
    expect(valueCases?.slice(9, 14)).toEqual([
      "10 ecdsa_private_key_share",
      "11 ecdsa_signature_share",
      "12 ecdsa_message_digest",
      "13 ecdsa_public_key",
      "14 store_id",
    ]);
    expect(valueCases).toHaveLength(18);
    const typeCases = ValueTypeSchema.oneofs[0]?.fields.map((f) => `${f.number} ${f.name}`);
    expect(typeCases?.slice(0, 3)).toEqual([
      "1 public_integer",
      "2 public_unsigned_integer",
      "3 public_boolean",
    ]);
    expect(typeCases?.slice(9, 11)).toEqual(["10 ecdsa_message_digest", "11 ecdsa_signature_share"]);
    expect(typeCases).toHaveLength(17);
  });

  it("uses the v0.10 preprocessing element numbering", () => {
    const numbering = Object.fromEntries(PreprocessingElementSchema.values.map((v) => [v.name, v.number]));
    expect(numbering).toEqual({
      RANDOM_BOOLEAN: 0,
      COMPARE: 2,
      DIVISION_SECRET_DIVISOR: 3,
      EQUALITY_SECRET_OUTPUT: 4,
      EQUALITY_PUBLIC_OUTPUT: 5,
      MODULO: 7,
      TRUNC: 8,
      TRUNC_PR: 9,
      RANDOM_INTEGER: 10,
    });
  });

  it("encodes a UserId as field 1 bytes", () => {
    const contents = Uint8Array.from({ length: 20 }, (_, i) => i);
    const bytes = toBinary(UserIdSchema, { $typeName: "nillion.auth.v1.user.UserId", contents });
    expect([...bytes.slice(0, 2)]).toEqual([0x0a, 20]);
    expect(fromBinary(UserIdSchema, bytes).contents).toEqual(contents);
  });
});

describe("Nada MIR and error details", () => {
  it("keeps the MIR operation oneof numbering", () => {
    const cases = OperationSchema.oneofs[0]?.fields.map((f) => `${f.number} ${f.name}`);
    expect(cases?.[0]).toBe("4 binary");
    expect(cases?.at(-1)).toBe("18 cast");
  });

  it("ships google.rpc.Status and its details from googleapis", () => {
    expect(StatusSchema.typeName).toBe("google.rpc.Status");
    expect(fields(StatusSchema)).toEqual(["1 code", "2 message", "3 details"]);
    expect(RetryInfoSchema.typeName).toBe("google.rpc.RetryInfo");
  });
});
