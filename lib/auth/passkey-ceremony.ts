// The @simplewebauthn/server calls for creating a passkey, shared by first-admin setup and
// "Add passkey". Verification failures become messages a person can act on.
import "server-only";
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { ValidationError } from "@/lib/errors";
import { CHALLENGE_TTL_MS, userHandle, verifiedOrThrow, type RelyingParty } from "./webauthn";

export type RegistrationResponse = RegistrationResponseJSON;

export interface PasskeyOwner {
  id: string;
  username: string;
  displayName: string;
}

export function passkeyCreationOptions(
  owner: PasskeyOwner,
  challenge: Uint8Array<ArrayBuffer>,
  rp: RelyingParty,
  existingCredentialIds: { credentialId: string; transports: string[] }[] = [],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: owner.username,
    userDisplayName: owner.displayName || owner.username,
    userID: userHandle(owner.id),
    challenge,
    timeout: CHALLENGE_TTL_MS,
    attestationType: "none",
    // Discoverable: sign-in asks for no username, so the authenticator must store the account.
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: rp.userVerification },
    excludeCredentials: existingCredentialIds.map((credential) => ({ id: credential.credentialId, transports: credential.transports })),
  });
}

/** Columns of a verified new credential, ready for webauthn_credentials. */
export interface NewPasskey {
  credentialId: string;
  publicKey: Buffer;
  counter: number;
  transports: string[];
  deviceType: string;
  backedUp: boolean;
  aaguid: string;
}

export async function verifyNewPasskey(response: RegistrationResponse, challenge: string, rp: RelyingParty): Promise<NewPasskey> {
  const verification = await verifiedOrThrow(
    () =>
      verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpID,
        requireUserVerification: rp.userVerification === "required",
      }),
    ValidationError,
  );
  const info = verification.registrationInfo;
  return {
    credentialId: info.credential.id,
    publicKey: Buffer.from(info.credential.publicKey),
    counter: info.credential.counter,
    transports: response.response.transports ?? info.credential.transports ?? [],
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    aaguid: info.aaguid,
  };
}
