# A real SMTP server for pbx's tests: aiosmtpd on 127.0.0.1:PORT writing
# each accepted message to DIR/NNNN.json (envelope, decoded subject, text
# body, attachments). With USER:PASSWORD it requires AUTH LOGIN/PLAIN.
import email, email.policy, json, os, sys, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

port, out = int(sys.argv[1]), sys.argv[2]
creds = sys.argv[3] if len(sys.argv) > 3 else None

class Handler:
    count = 0
    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = msg.get_body(("plain",))
        files = []
        for part in msg.iter_attachments():
            files.append({"name": part.get_filename(), "size": len(part.get_content())})
        Handler.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "to": str(msg["to"]),
            "subject": str(msg["subject"]),
            "body": body.get_content() if body is not None else "",
            "attachments": files,
            "raw": envelope.content.decode("utf-8", "replace"),
            "auth": bool(session.authenticated),
        }
        path = os.path.join(out, "%04d.json" % Handler.count)
        with open(path + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(path + ".tmp", path)
        return "250 OK"

def authenticator(server, session, envelope, mechanism, auth_data):
    user, password = creds.split(":", 1)
    ok = auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok)

kwargs = {}
if creds:
    kwargs = {"authenticator": authenticator, "auth_required": True, "auth_require_tls": False}
controller = Controller(Handler(), hostname="127.0.0.1", port=port, **kwargs)
controller.start()
print("ready", flush=True)
while True:
    time.sleep(3600)
