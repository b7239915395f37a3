// A software passkey for tests: an ES256 key pair that answers registration and sign-in
// ceremonies the way a real authenticator does (WebAuthn §6.1 authenticator data, §6.5
// attestation "none", §6.3.3 assertion signature), so unit tests can sign assertions through the
// real verbs and tamper with any field. Test-only: nothing in the app imports it.
import crypto from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import type { AuthenticationResponse } from "./sign-in";
import type { RegistrationResponse } from "./passkey-ceremony";

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL = 0x40;

const sha256 = (data: string | Buffer) => crypto.createHash("sha256").update(data).digest();
const b64url = (data: Buffer) => data.toString("base64url");

/** What a ceremony puts into clientDataJSON and authenticator data; tests override single fields. */
export interface CeremonyFields {
  challenge: string;
  origin?: string;
  type?: string;
  /** The RP ID whose SHA-256 starts the authenticator data. */
  rpId?: string;
  userVerified?: boolean;
  /** Override the signature counter (replays). */
  counter?: number;
  /** Override the user handle the authenticator reports (base64url). */
  userHandle?: string;
}

export class SoftwareAuthenticator {
  readonly credentialId = crypto.randomBytes(16);
  private readonly keys = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  private counter = 0;
  /** Set at registration: the user handle (base64url) the relying party gave this credential. */
  userHandle: string | null = null;

  constructor(readonly origin = "http://localhost:3000") {}

  private coseKey(): Uint8Array {
    const jwk = this.keys.publicKey.export({ format: "jwk" });
    // kty EC2, alg ES256, crv P-256, x, y (RFC 9053).
    return isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, "base64url")],
        [-3, Buffer.from(jwk.y!, "base64url")],
      ]),
    );
  }

  private authenticatorData(fields: CeremonyFields, counter: number, attested: boolean): Buffer {
    const rpIdHash = sha256(fields.rpId ?? new URL(this.origin).hostname);
    const flags = FLAG_USER_PRESENT | (fields.userVerified === false ? 0 : FLAG_USER_VERIFIED) | (attested ? FLAG_ATTESTED_CREDENTIAL : 0);
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    if (!attested) return Buffer.concat([rpIdHash, Buffer.from([flags]), count]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const aaguid = Buffer.alloc(16);
    return Buffer.concat([rpIdHash, Buffer.from([flags]), count, aaguid, idLength, this.credentialId, Buffer.from(this.coseKey())]);
  }

  private clientData(fields: CeremonyFields, type: string): Buffer {
    return Buffer.from(JSON.stringify({ type: fields.type ?? type, challenge: fields.challenge, origin: fields.origin ?? this.origin, crossOrigin: false }));
  }

  /** Answers navigator.credentials.create() for `options` (challenge and user id from the server). */
  register(options: { challenge: string; user: { id: string } }, overrides: Partial<CeremonyFields> = {}): RegistrationResponse {
    this.userHandle = options.user.id;
    const fields = { challenge: options.challenge, ...overrides };
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, string>>([
        ["fmt", "none"],
        ["attStmt", new Map<string, string>()],
        ["authData", new Uint8Array(this.authenticatorData(fields, 0, true))],
      ]),
    );
    const id = b64url(this.credentialId);
    return {
      id,
      rawId: id,
      type: "public-key",
      response: { clientDataJSON: b64url(this.clientData(fields, "webauthn.create")), attestationObject: b64url(Buffer.from(attestationObject)), transports: ["internal"] },
      clientExtensionResults: {},
    };
  }

  /** Answers navigator.credentials.get(): the counter goes up by one unless `counter` is given. */
  sign(fields: CeremonyFields): AuthenticationResponse {
    const counter = fields.counter ?? ++this.counter;
    const authenticatorData = this.authenticatorData(fields, counter, false);
    const clientDataJSON = this.clientData(fields, "webauthn.get");
    const signature = crypto.sign("sha256", Buffer.concat([authenticatorData, sha256(clientDataJSON)]), this.keys.privateKey);
    const id = b64url(this.credentialId);
    return {
      id,
      rawId: id,
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authenticatorData),
        signature: b64url(signature),
        userHandle: fields.userHandle ?? this.userHandle ?? undefined,
      },
      clientExtensionResults: {},
    };
  }
}
