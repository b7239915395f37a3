// The test SMTP server, in its own process (started by ./smtp-server.ts through fork): a plain port
// offering STARTTLS and an implicit-TLS port, both with the harness's self-signed certificate.
// Every accepted message goes to the parent over IPC; rules set by the parent refuse senders and
// recipients the way a real server does (5xx replies), and check SMTP credentials when set.
import { SMTPServer } from "smtp-server";

const options = JSON.parse(process.argv[2]);
let rules = { refusedSenders: [], refusedRecipients: [], ...options.rules };

function smtpError(message, responseCode) {
  return Object.assign(new Error(message), { responseCode });
}

function createServer(secure) {
  return new SMTPServer({
    secure,
    key: options.key,
    cert: options.cert,
    logger: false,
    authOptional: true,
    allowInsecureAuth: options.allowInsecureAuth ?? false,
    size: 10 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (options.user && auth.username === options.user && auth.password === options.password) return callback(null, { user: auth.username });
      callback(smtpError("Authentication credentials invalid", 535));
    },
    onMailFrom(address, session, callback) {
      if (options.user && !session.user) return callback(smtpError("Authentication required", 530));
      if (rules.refusedSenders.includes(address.address.toLowerCase())) return callback(smtpError("Sender address rejected: not owned by user", 553));
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (rules.refusedRecipients.includes(address.address.toLowerCase())) return callback(smtpError("Mailbox unavailable: no such user", 550));
      callback();
    },
    onData(stream, session, callback) {
      const chunks = [];
      stream.on("data", (chunk) => chunks.push(chunk));
      stream.on("end", () => {
        process.send({
          type: "message",
          from: session.envelope.mailFrom && session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          secure: session.secure,
          user: session.user ?? null,
          receivedAt: Date.now(),
          raw: Buffer.concat(chunks).toString("base64"),
        });
        callback();
      });
    },
  });
}

const plain = createServer(false);
const tls = createServer(true);
process.on("message", (message) => {
  if (message.type !== "rules") return;
  rules = { ...rules, ...message.rules };
  process.send({ type: "rules-set" });
});
// The parent's death ends the IPC channel: exit with it, never linger holding the ports.
process.on("disconnect", () => process.exit(0));
plain.listen(options.port, "127.0.0.1", () => {
  tls.listen(options.tlsPort, "127.0.0.1", () => process.send({ type: "ready" }));
});
for (const server of [plain, tls]) server.on("error", (error) => process.send({ type: "error", message: error.message, code: error.code }));
