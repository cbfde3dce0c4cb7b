// Every entry meant for CommonJS, imported from a CommonJS module: tsc must not answer TS1479 for any.

import * as crypto from "@nillion/crypto";
import * as devnet from "@nillion/devnet";
import { createTestClient, startDevnet } from "@nillion/devnet-test";
import * as mpc from "@nillion/mpc";
import * as nada from "@nillion/nada";
import * as payments from "@nillion/payments";
import * as membership from "@nillion/proto/nillion/membership/v1/service";
import * as types from "@nillion/types";
import * as vmClient from "@nillion/vm-client";

export const loaded = [
  types,
  crypto,
  membership,
  nada,
  payments,
  vmClient,
  mpc,
  devnet,
  createTestClient,
  startDevnet,
];
