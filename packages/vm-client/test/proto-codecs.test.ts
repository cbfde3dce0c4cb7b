// The seed's public from_proto / to_proto, as InputPartyBindingProto, OutputPartyBindingProto, UserIdProto
// and PermissionsProto: round trips through the wire bytes, and bad messages refused naming the field.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { UserIdSchema } from "@nillion/proto/nillion/auth/v1/user";
import { InputPartyBindingSchema, OutputPartyBindingSchema } from "@nillion/proto/nillion/compute/v1/invoke";
import { PermissionsSchema } from "@nillion/proto/nillion/permissions/v1/permissions";
import {
  InputPartyBinding,
  InvalidArgumentError,
  OutputPartyBinding,
  Permissions,
  UserId,
} from "@nillion/types";
import {
  InputPartyBindingProto,
  OutputPartyBindingProto,
  PermissionsProto,
  UserIdProto,
} from "@nillion/vm-client";
import { describe, expect, it } from "vitest";

const alice = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
const bob = UserId.parse("163aff316bd4247d86f73d088a620f8d77ff88b5");

function refusal(run: () => unknown): InvalidArgumentError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error("expected a refusal");
}

describe("UserIdProto", () => {
  it("round-trips through the wire bytes", () => {
    const message = UserIdProto.toProto(alice);
    expect(message.contents).toEqual(alice.bytes);
    const decoded = fromBinary(UserIdSchema, toBinary(UserIdSchema, message));
    expect(UserIdProto.fromProto(decoded).equals(alice)).toBe(true);
  });

  it("refuses a message whose contents are not 20 bytes, and a non-message", () => {
    const short = refusal(() => UserIdProto.fromProto(create(UserIdSchema, { contents: new Uint8Array(3) })));
    expect(short.argument).toBe("proto");
    expect(short.message).toMatch(/"proto.contents".*20 bytes/);
    const plain = refusal(() => UserIdProto.fromProto({ contents: alice.bytes } as never));
    expect(plain.message).toMatch(/nillion\.auth\.v1\.user\.UserId message.*plain object/);
    expect(refusal(() => UserIdProto.toProto("3113" as never)).argument).toBe("userId");
  });
});

describe("InputPartyBindingProto and OutputPartyBindingProto", () => {
  it("round-trip through the wire bytes", () => {
    const input = new InputPartyBinding("Dealer", alice);
    const inputBytes = toBinary(InputPartyBindingSchema, InputPartyBindingProto.toProto(input));
    const inputBack = InputPartyBindingProto.fromProto(fromBinary(InputPartyBindingSchema, inputBytes));
    expect(inputBack.partyName).toBe("Dealer");
    expect(inputBack.user.equals(alice)).toBe(true);

    const output = new OutputPartyBinding("Result", [alice, bob]);
    const outputBytes = toBinary(OutputPartyBindingSchema, OutputPartyBindingProto.toProto(output));
    const outputBack = OutputPartyBindingProto.fromProto(fromBinary(OutputPartyBindingSchema, outputBytes));
    expect(outputBack.partyName).toBe("Result");
    expect(outputBack.users.map((user) => user.toHex())).toEqual([alice.toHex(), bob.toHex()]);
  });

  it("refuses a binding without a user, with an empty party name or a bad user, naming the field", () => {
    const noUser = refusal(() =>
      InputPartyBindingProto.fromProto(create(InputPartyBindingSchema, { partyName: "Dealer" })),
    );
    expect(noUser.message).toMatch(/"proto.user" is missing/);
    const noName = refusal(() =>
      InputPartyBindingProto.fromProto(create(InputPartyBindingSchema, { user: { contents: alice.bytes } })),
    );
    expect(noName.message).toMatch(/"proto.partyName"/);
    const badUser = refusal(() =>
      OutputPartyBindingProto.fromProto(
        create(OutputPartyBindingSchema, { partyName: "Result", users: [{ contents: new Uint8Array(1) }] }),
      ),
    );
    expect(badUser.message).toMatch(/"proto.users\[0\].contents"/);
    expect(refusal(() => InputPartyBindingProto.toProto({ partyName: "x" } as never)).argument).toBe(
      "binding",
    );
    expect(refusal(() => OutputPartyBindingProto.toProto(null as never)).argument).toBe("binding");
  });
});

describe("PermissionsProto", () => {
  it("round-trips every list through the wire bytes", () => {
    const programId = "builtin/tecdsa_sign";
    const permissions = new Permissions(alice, {
      retrieve: [alice, bob],
      update: [alice],
      delete: [bob],
      compute: [{ user: bob, programIds: [programId] }],
    });
    const bytes = toBinary(PermissionsSchema, PermissionsProto.toProto(permissions));
    const back = PermissionsProto.fromProto(fromBinary(PermissionsSchema, bytes));
    expect(back.owner.equals(alice)).toBe(true);
    expect(back.canRetrieve(bob)).toBe(true);
    expect(back.canUpdate(bob)).toBe(false);
    expect(back.canDelete(bob)).toBe(true);
    expect(back.canCompute(bob, programId)).toBe(true);
    expect(back.canCompute(alice, programId)).toBe(false);
  });

  it("refuses permissions without an owner or with a bad user id, naming the field", () => {
    expect(refusal(() => PermissionsProto.fromProto(create(PermissionsSchema, {}))).message).toMatch(
      /"proto.owner" is missing/,
    );
    const badRetrieve = refusal(() =>
      PermissionsProto.fromProto(
        create(PermissionsSchema, {
          owner: { contents: alice.bytes },
          retrieve: [{ contents: new Uint8Array(2) }],
        }),
      ),
    );
    expect(badRetrieve.message).toMatch(/^"proto.retrieve\[0\].contents"/);
    expect(refusal(() => PermissionsProto.toProto({} as never)).argument).toBe("permissions");
  });
});
