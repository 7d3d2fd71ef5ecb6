"""Hand-written texts for judging the PII and secrets detector, positives next to PII-shaped look-alikes.

Guarantees:
- `SAMPLES` is a tuple of `(category, contains_pii, text)`: 13 positive categories (real-looking personal
  data and live-looking secrets) and 6 negative categories (reserved, documentation, fictional, placeholder
  and merely number-shaped values), 14 texts each, phrased as user prompts or model answers.
- No key-, token- or private-key-shaped literal appears in this source: every such value is assembled at
  import time from parts and a seeded `random.Random`, so the texts are identical on every import.
- Card numbers pass the Luhn check and IBANs the ISO 13616 mod-97 check (both computed here); the
  look-alike 16-digit ids are built to fail Luhn.
"""

from __future__ import annotations

import base64
import json
import random
import string

_RNG = random.Random(20_240_520)
_ALNUM = string.ascii_letters + string.digits
_UPPER_DIGITS = string.ascii_uppercase + string.digits
_B64URL = _ALNUM + "-_"

# Prefixes are split so that no scanner sees a key-shaped literal in this file.
_OPENAI = "sk" + "-"
_ANTHROPIC = "sk" + "-ant-"
_AWS_ID = "AK" + "IA"
_AWS_TEMP = "AS" + "IA"
_GH_PAT = "gh" + "p_"
_GH_OAUTH = "gh" + "o_"
_GH_SERVER = "gh" + "s_"
_GH_FINE = "github" + "_pat_"
_DASHES = "-" * 5


def _chars(alphabet: str, n: int) -> str:
    return "".join(_RNG.choice(alphabet) for _ in range(n))


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # doubled once the check digit is appended to the right
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def _card(prefix: str, length: int) -> str:
    body = prefix + _chars(string.digits, length - len(prefix) - 1)
    return body + _luhn_digit(body)


def _not_luhn(length: int = 16) -> str:
    valid = _card(_chars("123456789", 1), length)
    return valid[:-1] + str((int(valid[-1]) + 3) % 10)


def _group(value: str, sizes: tuple[int, ...], sep: str) -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(value[at : at + size])
        at += size
    return sep.join(parts)


def _iban(country: str, pattern: str, spaced: bool = True) -> str:
    alphabets = {"n": string.digits, "a": string.ascii_uppercase, "c": _UPPER_DIGITS}
    bban = "".join(_RNG.choice(alphabets[p]) for p in pattern)
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    iban = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if spaced else iban


def _openai_key(kind: str = "proj") -> str:
    if kind == "legacy":
        return _OPENAI + _chars(_ALNUM, 20) + "T3Blbk" + "FJ" + _chars(_ALNUM, 20)
    return _OPENAI + kind + "-" + _chars(_B64URL, 74) + "T3Blbk" + "FJ" + _chars(_B64URL, 74)


def _anthropic_key(kind: str = "api03") -> str:
    return _ANTHROPIC + kind + "-" + _chars(_B64URL, 93) + "AA"


def _aws_secret() -> str:
    return _chars(_ALNUM + "/+", 40)


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _jwt(payload: dict[str, object], alg: str = "HS256") -> str:
    header = _b64url(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    body = _b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig_len = 256 if alg.startswith("RS") else 32
    return f"{header}.{body}.{_b64url(_RNG.randbytes(sig_len))}"


def _pem(kind: str, n_bytes: int, lead: bytes = b"") -> str:
    body = base64.b64encode(lead + _RNG.randbytes(n_bytes)).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    label = f"{kind} PRIVATE KEY".strip()
    return "\n".join([f"{_DASHES}BEGIN {label}{_DASHES}", *lines, f"{_DASHES}END {label}{_DASHES}"])


# --- positives -------------------------------------------------------------------------------------------

_EMAIL = [
    "Can you fix the formatting of this contact list? Maria Gonzalez - maria.gonzalez1987@gmail.com, "
    "Tom Becker - t.becker@outlook.de, Priya Nair - priya.nair@protonmail.com",
    "Draft a polite follow-up to my landlord about the broken heater. His email is derek.whitfield@yahoo.com "
    "and I already wrote to him twice last week.",
    "My work email is jlin@northwind-logistics.com, please add it to the signature block below and keep it short.",
    'Sure, here is the updated JSON:\n{"name": "Aaron Kowalski", "email": "akowalski92@hotmail.com", "role": "admin"}',
    "Why does my signup form reject sam.oconnor+newsletter@icloud.com? It's my real address and it keeps failing.",
    "Please summarize this thread for me.\nFrom: Lena Fischer <lena.fischer@gmx.net>\nSent: Tuesday 09:14\n"
    "Subject: Re: apartment viewing on Saturday",
    "I'm applying for the night-shift nurse position; reach me at keisha.robinson.rn@gmail.com. "
    "Can you make this cover letter sound less stiff?",
    "git log shows my old university address on every commit. How do I rewrite them all to zhangwei.dev@gmail.com?",
    "Here's the CSV header and first row:\nname,email,plan\nOlusegun Adeyemi,segun.adeyemi@yahoo.co.uk,pro\n"
    "Why does pandas read it as one column?",
    "Our customer Ruth Abernathy (ruth.abernathy@comcast.net) wants a refund for order 88213. Write a friendly reply.",
    "I've filled in the registration fields for you:\n- Name: Daniel Okafor\n- Email: dokafor@fastmail.com\n"
    "- Membership: annual",
    "Forward this itinerary to my sister at emily.hartmann.83@aol.com and cc me, she's picking us up at the airport.",
    "Translate to Spanish: 'Please send the signed lease to carlos.mendez@telefonica.net by Friday.'",
    "Mailchimp bounced marc-andre.tremblay@videotron.ca as invalid. Is the hyphen the problem? That's my inbox.",
]

_PHONE_US = [
    "Can you fix the formatting of this contact list: Jake (415) 867-2291, Anna 212.439.7784, Sam 617-294-3310",
    "Write a note for the delivery driver: the gate code is 4471, call me at 3128647720 if you can't find it.",
    "Add this to my dating profile bio but make it sound casual: my cell is 2064193857, text before calling.",
    "Clean up my email signature:\nMarcus Hill | Hill Roofing LLC\nphone: 5129308841\nLicensed & insured",
    "My new number is +1 (303) 728-4416, can you update the emergency contact paragraph in my onboarding form?",
    "The pharmacy should call 1-404-862-3379 when the prescription is ready. Please write that as a short note.",
    "Write a voicemail greeting that says to reach me on 713 482 9056 after 6pm on weekdays.",
    "Here's your cleaned-up signature:\n\nDana Whitaker\nRegional Manager, Southeast\nMobile: 646.371.2284",
    "My number changed to 818-920-4473; rewrite the paragraph in my resume header so it uses the new one.",
    "For the school pickup list, reach me at +1 503 267 8814 and my husband at +1 503 267 9102.",
    "my cell 9175638042 - can you format it nicely for the wedding invitation RSVP card?",
    "Contact card for the plumber I hired: Luis Ortega, tel: (702) 418-3396 ext. 12. Make it a vCard please.",
    "Text me on 8573204419 when you land and I'll pull the car around - can you make this sound less bossy?",
    "The phone number 4697213380 is mine, please put it in the 'Primary phone' field of this JSON and validate it.",
]

_PHONE_INTL = [
    "Please format my UK mobile for the conference badge: +44 7911 482603.",
    "Our Berlin office line is +49 30 25894471 and my direct mobile is +49 171 6284 935. Add both to the footer.",
    "Can you write a WhatsApp message to my French host? My number is +33 6 48 27 91 35 in case she needs it.",
    "Booking confirmation draft: guest Ananya Rao, +91 98450 21763, two nights, late check-in.",
    "Reach me on +61 412 873 509 while I'm in Sydney - translate that sentence into Japanese please.",
    "My Japanese number is +81 90-4821-7736, how do I write it so people in the US can dial it?",
    "Here is the completed contact sheet:\n- Beatriz Souza: +55 11 97412-3358\n- Pedro Lima: +55 21 99634-1187",
    "I need a polite message to my Spanish landlord; my mobile is +34 612 48 39 72 and he prefers calls.",
    "Put my Italian number +39 347 218 6604 into E.164 format for the Twilio config.",
    "My colleague in Shanghai is at +86 139 1742 8853, write him a short meeting reminder in English.",
    "For the visa form the embassy wants a local contact: +27 82 741 3390 (my cousin Thabo). Is this the right field?",
    "Irish mobile +353 87 246 1195 - does the leading zero go away when I add the country code?",
    "Emergency contacts for the trip: my mother +52 55 4827 3316 and my partner +65 9182 4476.",
    "Can you make a QR code text for my business card? Name: Omar Haddad, Phone: +971 50 384 2291.",
]

_V = [_card("4539", 16), _card("4716", 16), _card("4024007", 16), _card("4929", 16)]
_M = [_card("5425", 16), _card("5176", 16), _card("2223", 16), _card("5489", 16)]
_A = [_card("34", 15), _card("37", 15), _card("3782", 15)]
_D = [_card("6011", 16), _card("65", 16), _card("6441", 16)]
_S4 = (4, 4, 4, 4)
_S465 = (4, 6, 5)

_CREDIT_CARD = [
    f"My card keeps getting declined online: {_group(_V[0], _S4, ' ')} exp 09/27. Is it the card or the site?",
    f"Please update my billing info to card number {_group(_M[0], _S4, '-')}, expiry 11/26, CVV 482.",
    f"Amex {_group(_A[0], _S465, ' ')}, name on card Linda Park, billing zip 94110. Is that enough for the booking?",
    f"Here's the order form filled in:\nCardholder: Kevin Brandt\nCard: {_V[1]}\nExpires: 03/28",
    f"Why does Stripe say my Discover {_group(_D[0], _S4, ' ')} is invalid? I typed it exactly like on the card.",
    f"Write an email to my bank disputing a charge of $412.99 on my Mastercard {_group(_M[1], _S4, ' ')}.",
    f"I saved my card as {_M[2]} in the notes app, can you format it with spaces so I can read it?",
    f"The hotel needs the card on file again: {_group(_A[1], _S465, '-')} exp 07/29. Draft the reply for me.",
    f"card: {_group(_V[2], _S4, '-')} cvv 917 exp 01/27 - can you check if the expiry is still valid next year?",
    f"Parse this receipt text into JSON: 'VISA {_group(_V[3], _S4, ' ')} AUTH 004417 TOTAL 58.20 USD'",
    f"Please read back the payment details: Discover {_D[1]}, expiry 05/30, name Tasha Greene.",
    f"My daughter's debit card {_group(_M[3], _S4, ' ')} was charged twice at the same store. "
    "What do I say to the bank?",
    f"Can you store my corporate Amex {_A[2]} in the travel profile YAML under payment.card_number?",
    f"Fill the checkout for me: card {_group(_D[2], _S4, '-')}, exp 12/26, zip 30318.",
]

_SSN = [
    "My SSN is 287-65-4321, can you fill it into the W-9 template where it says TIN?",
    "For the mortgage application, 412-83-9076 is my social, and the employer EIN is on the paystub.",
    "Use 531227819 as my SSN on the enrollment form and leave the middle name blank.",
    "Reformat this for the HR system:\nName: Carla Jimenez\nSSN: 609413388\nStart date: next Monday",
    "My social security number 228-47-0193 was on the letter I threw away. Should I freeze my credit?",
    "The tax preparer needs 374-09-2285, which is my social security number, and my wife's 381-16-7742.",
    "Here is the completed section:\nApplicant: Robert Hayes\nSSN: 518-62-0947\nDOB: 04/11/1979",
    "I think I typed 462-13-8807 wrong on the FAFSA - that's supposed to be my SSN. How do I correct it?",
    "The last four are 3391 and the full one is 257-38-3391. Does the IRS need all nine digits on Form 4506-T?",
    "Write a cover note to the adoption agency including SS#: 143 58 2206 and my case worker's name.",
    "ok so my social is 671482930, please put it in the right box of this daycare form",
    "Enter 319-74-5562 in the 'Taxpayer ID' box - that's my SSN, I don't have an ITIN.",
    "Draft a letter to the SSA: I, Mark Delaney, Social Security No. 524-91-3378, request a replacement card.",
    "For the background check: SSN 083541692, DOB 1988-02-14, current address in Tacoma. Format it as a table.",
]

_IBAN = [
    f"Please pay the deposit to my account {_iban('DE', 'n' * 18)}, reference 'Wohnung Mai'.",
    f"Write a short invoice footer with my bank details: IBAN {_iban('GB', 'aaaa' + 'n' * 14)}, Monzo.",
    f"Mon IBAN est {_iban('FR', 'n' * 10 + 'c' * 11 + 'nn')}, peux-tu rediger le message au proprietaire ?",
    f"Translate to English: 'Ingrese el pago en mi cuenta {_iban('ES', 'n' * 20)} antes del dia 5.'",
    f"My salary account is {_iban('NL', 'aaaa' + 'n' * 10, spaced=False)}. Can you fill in the payroll form?",
    "Here are the transfer details you asked for:\nBeneficiary: Giulia Conti\n"
    f"IBAN: {_iban('IT', 'a' + 'n' * 10 + 'c' * 12)}",
    f"Is {_iban('BE', 'n' * 12)} a valid Belgian IBAN? It's my own and the webshop rejects it.",
    f"Refund to IBAN {_iban('CH', 'n' * 5 + 'c' * 12)}, account holder Lukas Meier. Please draft the email.",
    f"Send the rent to {_iban('AT', 'n' * 16, spaced=False)} (Eva Gruber) on the first of each month.",
    f"Moje konto: {_iban('PL', 'n' * 24)} - please write the payment reminder in Polish.",
    f"My Irish account for the grant is {_iban('IE', 'aaaa' + 'n' * 14)}; fill the 'bank details' section.",
    f"Can you check the format of my Portuguese IBAN {_iban('PT', 'n' * 21)} before I give it to the employer?",
    f"Put my Swedish account {_iban('SE', 'n' * 20, spaced=False)} into the SEPA XML under CdtrAcct.",
    f"Deposit instructions: IBAN {_iban('NO', 'n' * 11)}, name Ingrid Solberg, message 'cabin week 32'.",
]

_IP_ADDRESS = [
    "My home server at 73.162.88.14 stopped answering SSH after the router firmware update. What should I check?",
    "Allow only my home IP 98.207.143.62 in ufw on my VPS; write the exact commands.",
    "My laptop's IPv6 is 2a02:8109:9c40:1a2b:5d3e:7f21:c4a9:e018 and the game server keeps rejecting it.",
    "ssh root@45.33.72.118 keeps asking for a password even though I copied my key to that droplet. Why?",
    "Whitelist my office IP 212.86.97.143 in the Azure SQL firewall rule; here's my current ARM template.",
    "Write a Discord welcome message for my Minecraft server, include the address 176.9.140.211:25565.",
    "Pinging my home router's IPv6 2600:1700:5a20:8e70::2f from work fails, but IPv4 works. Any idea?",
    "Fail2ban banned my own IP 24.131.58.206 after I mistyped the password three times. How do I unban it?",
    "whatismyip says my public address is 86.142.73.19 - can my ISP see what sites I visit from it?",
    "The Raspberry Pi at my parents' house is reachable at 81.169.203.44; how do I set up a WireGuard tunnel to it?",
    "Here's my Nextcloud config snippet:\n'trusted_domains' => ['cloud.kaminski.family', '91.64.182.37'],\n"
    "Why do I still get 'untrusted domain'?",
    "My desktop's public IPv6 2001:4c4c:1b35:9800:a1f2:33e4:7b10:2c5d shows up in the logs of my blog. Is that bad?",
    "Add 67.188.24.155 (my home) and 172.58.96.41 (my phone hotspot) to the admin allowlist in nginx.",
    "I host my portfolio on a box at 138.201.77.92 - write the A record for my domain pointing there.",
]

_OPENAI_KEYS = [_openai_key() for _ in range(9)] + [_openai_key("legacy") for _ in range(3)]
_OPENAI_KEYS += [_openai_key("svcacct"), _openai_key("admin")]
_K = _OPENAI_KEYS

_OPENAI_KEY = [
    f'Why do I get a 401? client = OpenAI(api_key="{_K[0]}") and the key was created today.',
    f"Here's my .env, the app can't read it:\nOPENAI_API_KEY={_K[1]}\nMODEL=gpt-4o-mini",
    f'curl https://api.openai.com/v1/models -H "Authorization: Bearer {_K[2]}" returns nothing, help?',
    f"My colleague pasted {_K[3]} in Slack by accident. How do I revoke it quickly?",
    f'Set it in PowerShell like this: $env:OPENAI_API_KEY = "{_K[4]}" - is that persistent across reboots?',
    f'In my Streamlit secrets.toml I have openai_key = "{_K[5]}", but st.secrets returns an empty dict.',
    f"Here's the docker-compose section:\n  environment:\n    - OPENAI_API_KEY={_K[6]}\nWhy is the container not "
    "picking it up?",
    f"I put export OPENAI_API_KEY='{_K[7]}' in ~/.zshrc but VS Code's terminal doesn't see it.",
    f"Rate limit error with key {_K[8]} on tier 1 - how many requests per minute am I allowed?",
    f"Old project still uses openai.api_key = '{_K[9]}' with the 0.28 SDK. Migrate this snippet to v1.",
    f"LangChain: ChatOpenAI(openai_api_key='{_K[10]}', temperature=0) raises AuthenticationError. Why?",
    f"This key {_K[11]} worked yesterday and now says 'incorrect API key provided'.",
    f"Our CI uses a service account key: OPENAI_API_KEY: {_K[12]} in the GitHub Actions env block. Is that safe?",
    f"Which permissions does the admin key {_K[13]} need to list usage for the whole org?",
]

_AK = [_anthropic_key() for _ in range(13)] + [_anthropic_key("admin01")]

_ANTHROPIC_KEY = [
    f'client = anthropic.Anthropic(api_key="{_AK[0]}") gives me a 401 authentication_error. What am I missing?',
    f"My .env file:\nANTHROPIC_API_KEY={_AK[1]}\nCLAUDE_MODEL=claude-3-5-sonnet-latest\nDoes the order matter?",
    f'curl https://api.anthropic.com/v1/messages -H "x-api-key: {_AK[2]}" -H "anthropic-version: 2023-06-01" '
    "returns 400, what's wrong with my body?",
    f"I accidentally committed {_AK[3]} to a public repo. What should I do first?",
    f"Is it OK to hardcode this in my Chrome extension? const KEY = '{_AK[4]}';",
    "Here's my Claude Desktop config, the server won't start:\n" + '{"env": {"ANTHROPIC_API_KEY": "' + _AK[5] + '"}}',
    f"export ANTHROPIC_API_KEY={_AK[6]} works in bash but not in fish. How do I set it there?",
    f"Why does the workbench show my key as {_AK[7]} but the console says it is disabled?",
    f"Set up LiteLLM with this key please: anthropic/claude-3-haiku, api_key: {_AK[8]}",
    f"In Kubernetes I created the secret with --from-literal=ANTHROPIC_API_KEY={_AK[9]}; the pod sees an empty var.",
    f"Here's the failing request log:\nPOST /v1/messages\nx-api-key: {_AK[10]}\nstatus: 529 overloaded",
    f"My teammate sent me {_AK[11]} over email so I can test. Should I rotate it after?",
    f"The Vercel env var ANTHROPIC_API_KEY is {_AK[12]} but the edge function still logs 'missing key'.",
    f"Use the admin key {_AK[13]} to list all workspace API keys - write the request in Python.",
]

_AWS = [(_AWS_ID + _chars(_UPPER_DIGITS, 16), _aws_secret()) for _ in range(12)]
_AWS += [(_AWS_TEMP + _chars(_UPPER_DIGITS, 16), _aws_secret()) for _ in range(2)]
_SESSION = _chars(_ALNUM + "/+", 300)

_AWS_ACCESS_KEY = [
    f"Here's my ~/.aws/credentials, but the CLI says InvalidClientTokenId:\n[default]\n"
    f"aws_access_key_id = {_AWS[0][0]}\naws_secret_access_key = {_AWS[0][1]}",
    f"boto3.client('s3', aws_access_key_id='{_AWS[1][0]}', aws_secret_access_key='{_AWS[1][1]}') "
    "raises SignatureDoesNotMatch. Why?",
    f"I ran aws configure and typed {_AWS[2][0]} as the access key. How do I check which IAM user it belongs to?",
    f'Terraform provider block:\nprovider "aws" {{\n  access_key = "{_AWS[3][0]}"\n  secret_key = '
    f'"{_AWS[3][1]}"\n}}\nIs this why plan fails?',
    f"GitHub flagged AWS_ACCESS_KEY_ID={_AWS[4][0]} in my last commit. How do I remove it from history?",
    f"docker run -e AWS_ACCESS_KEY_ID={_AWS[5][0]} -e AWS_SECRET_ACCESS_KEY={_AWS[5][1]} my-uploader fails "
    "with AccessDenied.",
    f"The S3 upload works locally with key {_AWS[6][0]} but not on the EC2 box. Should I use a role instead?",
    f"Here's the .env for the Laravel app:\nAWS_ACCESS_KEY_ID={_AWS[7][0]}\nAWS_SECRET_ACCESS_KEY={_AWS[7][1]}\n"
    "AWS_DEFAULT_REGION=eu-west-1",
    f"Our intern posted {_AWS[8][0]} / {_AWS[8][1]} in a Stack Overflow question. How bad is it?",
    f"Rotate this key for me: {_AWS[9][0]}. Which aws iam commands do I run, in order?",
    f"In the serverless.yml I have:\nprovider:\n  environment:\n    AWS_KEY: {_AWS[10][0]}\n    AWS_SECRET: "
    f"{_AWS[10][1]}",
    f"Rclone remote config:\n[s3backup]\ntype = s3\naccess_key_id = {_AWS[11][0]}\nsecret_access_key = "
    f"{_AWS[11][1]}\nWhy are uploads slow?",
    f"sts get-session-token gave me {_AWS[12][0]} with secret {_AWS[12][1]} and token {_SESSION[:120]}; "
    "it expires too fast.",
    f"These temporary creds from the console don't work in Python: AccessKeyId {_AWS[13][0]}, "
    f"SecretAccessKey {_AWS[13][1]}.",
]

_GH = [_GH_PAT + _chars(_ALNUM, 36) for _ in range(8)]
_GH += [_GH_OAUTH + _chars(_ALNUM, 36), _GH_SERVER + _chars(_ALNUM, 36)]
_GH += [_GH_FINE + _chars(_UPPER_DIGITS, 22) + "_" + _chars(_ALNUM, 59) for _ in range(4)]

_GITHUB_TOKEN = [
    f"git push fails with 403 even though I set the remote to https://{_GH[0]}@github.com/rpatel/dotfiles.git",
    f"Here's my workflow step:\n  env:\n    GH_TOKEN: {_GH[1]}\n  run: gh release create v1.2.0\n"
    "Why 'Bad credentials'?",
    f'curl -H "Authorization: token {_GH[2]}" https://api.github.com/user/repos only lists public repos. Why?',
    f"I pasted {_GH[3]} into a gist by mistake. Does GitHub revoke it automatically?",
    f"My Jenkins credential for the GitHub checkout is {_GH[4]} and the clone step still fails with 401.",
    f"PyGithub: g = Github('{_GH[5]}') then g.get_user().login raises BadCredentialsException.",
    f"Can you make this Octokit snippet paginate? const octokit = new Octokit({{ auth: '{_GH[6]}' }});",
    f'Terraform github provider with token = "{_GH[7]}" can\'t create team repos. What scope is missing?',
    f"The OAuth app gave me {_GH[8]} for the user; how do I check which scopes it has?",
    f"My GitHub App installation token {_GH[9]} expires after an hour, how do I refresh it in the bot?",
    f"Fine-grained token {_GH[10]} can read issues but can't comment. Which permission do I add?",
    f"docker login -u mkovacs -p {_GH[11]} against GitHub's container registry says unauthorized. Wrong token type?",
    f'Here\'s the Renovate config: {{"token": "{_GH[12]}", "platform": "github"}} - it can\'t open PRs.',
    f"Set GITHUB_TOKEN={_GH[13]} in my shell and the gh CLI still asks me to log in.",
]

_J = [
    _jwt({"sub": "1029384", "email": "nora.lindqvist@gmail.com", "iat": 1712000000, "exp": 1712003600}),
    _jwt({"sub": "auth0|65f1c2a9b7", "aud": "api.shopfront.io", "iat": 1713200000, "exp": 1713286400}, "RS256"),
    _jwt({"user_id": 48213, "role": "admin", "iat": 1714000000}),
    _jwt({"iss": "https://accounts.google.com", "sub": "10988271625512", "email": "bhavik.shah@gmail.com"}, "RS256"),
    _jwt({"sub": "c7d1e0", "scope": "read:orders write:orders", "exp": 1715000000}),
    _jwt({"uid": "u_99812", "name": "Ivan Petrov", "iat": 1716000000, "exp": 1716086400}),
    _jwt({"sub": "svc-reporting", "tenant": "acme-prod", "exp": 1717000000}, "RS256"),
    _jwt({"session": "a81f3c", "userId": 7712, "iat": 1718000000}),
    _jwt({"sub": "3321", "preferred_username": "jmorales", "realm": "corp", "exp": 1719000000}, "RS256"),
    _jwt({"id": 552, "email": "tanya.k@outlook.com", "iat": 1720000000}),
    _jwt({"sub": "device-88", "iat": 1721000000, "exp": 1752536000}),
    _jwt({"sub": "org_2b7", "role": "owner", "exp": 1722000000}, "RS256"),
    _jwt({"sub": "55012", "iat": 1723000000, "exp": 1723003600, "jti": "f1e2d3"}),
    _jwt({"cognito:username": "lpark", "email": "linda.park@gmail.com", "exp": 1724000000}, "RS256"),
]

_JWT = [
    f"Can you decode this token and tell me when it expires? {_J[0]}",
    f"My API returns 401 with this header:\nAuthorization: Bearer {_J[1]}\nIs the audience wrong?",
    f"Here's the cookie from the browser: auth_token={_J[2]}; Path=/; HttpOnly - why can't the backend verify it?",
    f"Firebase gives me this ID token: {_J[3]} - how do I verify it in Node?",
    f"curl -H 'Authorization: Bearer {_J[4]}' https://api.example-shop.io/orders works, but Postman doesn't.",
    f"localStorage.getItem('token') returns {_J[5]}. Is it OK to keep it there?",
    f"The service account token in my kubeconfig is {_J[6]}. Why does kubectl say Unauthorized?",
    f"Here is the failing request log line: POST /api/cart token={_J[7]} 403",
    f"Keycloak access token: {_J[8]}\nWhich claim holds the roles?",
    f"jwt.decode('{_J[9]}', SECRET, algorithms=['HS256']) raises InvalidSignatureError. What am I doing wrong?",
    f"Our device registers with {_J[10]} - is a one-year expiry too long?",
    f"Paste from the Network tab: x-access-token: {_J[11]}. Why does it work in Chrome but not Safari?",
    f"Websocket connect URL: wss://rt.myapp.dev/socket?token={_J[12]} - is the token leaking in logs?",
    f"Amplify stores this in the browser: {_J[13]}. How do I refresh it before it expires?",
]

_OPENSSH = b"openssh-key-v1\x00\x00\x00\x00\x04none"
_PKCS8 = b"\x30\x82\x04\xbe\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00"
_PKCS1 = b"\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00"
_EC = b"\x30\x77\x02\x01\x01\x04\x20"

_P = [
    _pem("RSA", 1180, _PKCS1),
    _pem("OPENSSH", 380, _OPENSSH),
    _pem("", 1200, _PKCS8),
    _pem("EC", 112, _EC),
    _pem("RSA", 600, _PKCS1),
    _pem("OPENSSH", 400, _OPENSSH),
    _pem("", 1200, _PKCS8),
    _pem("EC", 112, _EC),
    _pem("RSA", 1180, _PKCS1),
    _pem("ENCRYPTED", 1250),
    _pem("", 1200, _PKCS8),
    _pem("OPENSSH", 380, _OPENSSH),
    _pem("RSA", 900, _PKCS1),
    _pem("EC", 112, _EC),
]

_PRIVATE_KEY = [
    f"ssh says 'invalid format' when I use this key, what's wrong with it?\n{_P[0]}",
    f"Here's my id_ed25519, can you convert it to PuTTY format?\n{_P[1]}",
    'My GCP service account JSON has "private_key": "' + _P[2].replace("\n", "\\n") + '" and auth fails.',
    f"nginx won't start: 'PEM_read_bio_PrivateKey failed'. The key file is:\n{_P[3]}",
    f"Put this deploy key into the GitLab CI variable format for me:\n{_P[4]}",
    f"I copied my server key from the old laptop, ssh-add refuses it:\n{_P[5]}",
    f"Kubernetes TLS secret, why is it rejected?\napiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\n"
    f"stringData:\n  tls.key: |\n    {_P[6].replace(chr(10), chr(10) + '    ')}",
    f"Is this EC key P-256 or P-384? I need it for the Apple push certificate.\n{_P[7]}",
    f"Here is the JWT signing key from our auth service, why do tokens fail to verify?\n{_P[8]}",
    f"openssl asks for a passphrase on this key and I forgot it. Can you recover it?\n{_P[9]}",
    'In my .env I have FIREBASE_PRIVATE_KEY="' + _P[10].replace("\n", "\\n") + '" - the newlines break.',
    f"GitHub Actions: I pasted this into SSH_PRIVATE_KEY and the deploy step still fails:\n{_P[11]}",
    f"Convert this PKCS#1 key to PKCS#8 please, our Java lib only accepts the latter:\n{_P[12]}",
    f"The Terraform tls_private_key output showed this in the plan, is it stored in state too?\n{_P[13]}",
]

# --- negatives -------------------------------------------------------------------------------------------

_RESERVED_EMAIL = [
    "In the tutorial, replace my real address with alice@example.com so readers don't email a real person.",
    "Our fixtures use jane.doe@acme.test and ops@acme.test; why does the email validator reject the .test TLD?",
    "Mock users for the demo: admin@example.org, editor@example.org and viewer@example.org, all with password 'demo'.",
    "Set MAIL_FROM=noreply@example.net in .env.sample so new contributors see the expected format.",
    "In the bounce-handling test I send to user@bounce.invalid and expect a 550. Is that a reliable way to test it?",
    'The OpenAPI schema example for the contact object is {"email": "contact@shop.example"}. Is that valid YAML?',
    "For local development the app sends mail to dev@app.localhost, which MailHog catches. How do I set that up?",
    "Postfix delivers cron output to user@localhost; how do I forward it to a real inbox instead?",
    'Here\'s a sample request body for the signup endpoint:\n{"email": "jdoe@example.com", "plan": "free"}',
    "RFC 2606 reserves example.com, so use test@example.com in screenshots and docs.",
    "Cypress step: cy.get('#email').type('qa+signup@example.com'); the field loses the plus sign. Why?",
    "In CI I run git config user.email ci-bot@build.test before committing generated files.",
    "The seed script creates 50 users named user1@example.net through user50@example.net for load testing.",
    "Why does Django's EmailValidator accept someone@mail.example but reject someone@localhost?",
]

_DOCUMENTATION_IP = [
    "In the docs, the sample server is at 192.0.2.10; readers should replace it with their own address.",
    "Example firewall rule from our runbook: iptables -A INPUT -s 198.51.100.0/24 -j DROP. Does the order matter?",
    "The tutorial shows the load balancer at 203.0.113.5 and two backends at 203.0.113.11 and 203.0.113.12.",
    "Here's the example from the README: ping6 2001:db8::1 - why does it say 'network unreachable' for me?",
    "Use 2001:db8:85a3::8a2e:370:7334 as the placeholder IPv6 in the diagram, it's the documentation prefix.",
    "nginx config:\nupstream app {\n    server 127.0.0.1:8080;\n}\nWhy do I get 502 Bad Gateway?",
    "docker-compose network for the staging stack:\nnetworks:\n  backend:\n    ipam:\n      config:\n"
    "        - subnet: 10.20.0.0/16",
    "Most home routers use 192.168.1.1 or 192.168.0.1 as the admin page; explain that in the setup guide.",
    "The Kubernetes pod CIDR in our cluster docs is 10.244.0.0/16 and the service CIDR is 10.96.0.0/12.",
    "In the RFC 5737 example, host A (192.0.2.1) sends a SYN to host B (198.51.100.7). Draw the handshake.",
    "Redis is bound to 127.0.0.1 in redis.conf; explain why that's safer than 0.0.0.0 for a dev box.",
    'Sample log line for the parsing exercise: 203.0.113.195 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200',
    "Our VPN hands out 10.8.0.2 through 10.8.0.254 to clients; write the dnsmasq range line for the wiki.",
    'The Terraform example sets cidr_block = "172.16.0.0/16" for the VPC and 172.16.1.0/24 for the subnet.',
]

_FICTIONAL_PHONE = [
    "In my screenplay the detective says: 'Call me at 555-0142 if you remember anything.' Is that a real number?",
    "Use (212) 555-0199 as the placeholder phone in the Figma mockups.",
    "Our test fixtures use +1 415-555-0123 for every customer; is that range safe to use?",
    "Write a radio ad for a fictional pizza place whose number is 1-312-555-0175.",
    "The sample vCard in the docs has TEL;TYPE=cell:+1-312-555-0168.",
    "Generate 5 fake contacts for a demo CRM using numbers from 555-0100 to 555-0199.",
    "In the novel, the number on the billboard is 202.555.0182; what area code would fit a DC setting?",
    "Unit test: assert format_phone('6175550134') == '(617) 555-0134' - it fails with an extra space.",
    "Placeholder for the signup form: phone: (555) 555-0100 is what the designer wrote; is that fictional?",
    "The TV show used 555-0113 on screen so nobody would get prank calls. Why that range?",
    "Seed data for the Rails app: Contact.create!(name: 'Test User', phone: '303-555-0156')",
    'Mock API response:\n{"id": 17, "name": "Demo Store", "phone": "+1 (646) 555-0191"}',
    "For the storybook story, set the phone prop to 555-0107 so it looks real but isn't.",
    "In our support macro example, the agent says: call me at 773-555-0146 and ask for extension 2.",
]

_PH = "X" * 48
_PLACEHOLDER_SECRET = [
    f"In the README, tell users to set OPENAI_API_KEY={_OPENAI}proj-{_PH} and replace the X's with their key.",
    f"Example .env.example:\nOPENAI_API_KEY={_OPENAI}...your-key-here\nANTHROPIC_API_KEY=<YOUR_API_KEY>",
    f"The AWS docs use {_AWS_ID}IOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCY" + "EXAMPLEKEY as sample "
    "credentials. Are those safe to put in tests?",
    f"Template for the credentials file:\n[default]\naws_access_key_id = {_AWS_ID}{'X' * 16}\n"
    "aws_secret_access_key = <your-secret-key>",
    f"Write the docs step: export GITHUB_TOKEN={_GH_PAT}{'x' * 36} (generate a real one under Settings > Tokens).",
    'client = OpenAI(api_key="<YOUR_API_KEY>") - is it better to read it from the environment instead?',
    f"The dashboard shows my key as {_OPENAI}{'*' * 16}Qx7f; is that enough to identify which key leaked?",
    f'In the Helm values file we ship: anthropicApiKey: "{_ANTHROPIC}api03-xxxxxxxxxxxxxxxxxxxx" as a default.',
    "docker run -e OPENAI_API_KEY=${OPENAI_API_KEY} my-image - does the variable get expanded on the host?",
    "Use Authorization: Bearer <token> in the example request; the token comes from the /login endpoint.",
    f"Placeholder for the docs:\n{_DASHES}BEGIN PRIVATE KEY{_DASHES}\n...\n{_DASHES}END PRIVATE KEY{_DASHES}\n"
    "Paste your own key between the markers.",
    f"Masked in logs as {_AWS_ID}{'*' * 16}; how do I configure the logger to mask secrets that way?",
    f"The config template says github_token: {_GH_FINE}<redacted>, and the loader fails because of the brackets.",
    "Password: **** in the screenshot - please rewrite the onboarding doc so it never shows real values.",
]

_VERSION_AND_DATES = [
    "After upgrading from 1.2.3.4 to 1.2.4.0 the plugin fails to load. What changed between patch releases?",
    "winver shows Version 22H2 (OS Build 10.0.19045.3693). Is that the latest cumulative update?",
    "Chrome 124.0.6367.207 broke our file upload; it worked on 123.0.6312.122.",
    "The release was tagged on 2024-03-15 and the changelog says 03/15/2024; make the formats consistent.",
    "Convert the Unix timestamp 1710518400 to a human-readable date in UTC.",
    "Our build number is 20240315.4 and the previous one was 20240314.11. Why did the counter reset?",
    "Parse this log timestamp: 2024-03-15T14:22:09.183Z - Python's fromisoformat fails on the Z.",
    "Firmware 4.15.55.2671 on the switch has a known bug; should I roll back to 4.15.54.1980?",
    "uname -r prints 6.5.0-1018-azure; which Ubuntu release is that kernel from?",
    "Node 18.19.1 vs 20.11.1: which one should the Dockerfile pin for an LTS app?",
    "The Excel export turned 12/31/1999 and 01/01/2000 into 36525 and 36526. How do I get the dates back?",
    "Log excerpt: 2024-03-15 09:41:27,183 INFO worker-3 job 4471 finished in 2.87s",
    "The installer is named setup-3.11.2.1042-x64.exe; what does the last number usually mean?",
    "Xcode 15.3 (15E204a) with iOS 17.4.1 simulators - which macOS version do I need?",
]

_NOT_LUHN = [_not_luhn(), _not_luhn()]
_NUMBERS_LOOKALIKE = [
    "Where is my order #4155552671? The tracking page has said 'label created' for six days.",
    "The country's population is 287654321 according to the table; format it with thousands separators.",
    "UPS tracking 1Z4F82W60347718293 shows 'exception' - what does that usually mean?",
    "Cite this book in APA: ISBN 978-0-13-468599-1, Effective Java, 3rd edition.",
    "Invoice INV-2024-004417 was paid twice; draft a note to the vendor asking for a credit memo.",
    "SKU WH-1000XM5-BLK-2291 is out of stock in the feed; how do I hide it in Shopify?",
    "The request id 3f2c9a1e-7b4d-4e8a-9c61-2d5f8b0e4a17 appears in both logs; is it a retry?",
    "git show 9fceb02d0ae598e95dc970b74767f19372d61af8 says 'bad object'. Did someone force-push?",
    f"Our internal asset tags are 16 digits, e.g. {_NOT_LUHN[0]}; why does the form call it a card number?",
    f"Batch id {_NOT_LUHN[1][:4]} {_NOT_LUHN[1][4:8]} {_NOT_LUHN[1][8:12]} {_NOT_LUHN[1][12:]} failed to import.",
    "The export has 3128647720 rows, so Excel truncates it. What tool should I use instead?",
    "The lottery jackpot reached 531227819 dollars last week; write a headline for the newsletter.",
    "EAN 4006381333931 scans as a different product in our POS; how is the check digit computed?",
    "Case number 2024-CV-118734 and docket 00928 appear on the court letter; explain what each means.",
]

_POSITIVES = {
    "email": _EMAIL,
    "phone_us": _PHONE_US,
    "phone_intl": _PHONE_INTL,
    "credit_card": _CREDIT_CARD,
    "ssn": _SSN,
    "iban": _IBAN,
    "ip_address": _IP_ADDRESS,
    "openai_key": _OPENAI_KEY,
    "anthropic_key": _ANTHROPIC_KEY,
    "aws_access_key": _AWS_ACCESS_KEY,
    "github_token": _GITHUB_TOKEN,
    "jwt": _JWT,
    "private_key": _PRIVATE_KEY,
}
_NEGATIVES = {
    "reserved_email": _RESERVED_EMAIL,
    "documentation_ip": _DOCUMENTATION_IP,
    "fictional_phone": _FICTIONAL_PHONE,
    "placeholder_secret": _PLACEHOLDER_SECRET,
    "version_and_dates": _VERSION_AND_DATES,
    "numbers_lookalike": _NUMBERS_LOOKALIKE,
}

SAMPLES: tuple[tuple[str, bool, str], ...] = tuple(
    [(cat, True, text) for cat, texts in _POSITIVES.items() for text in texts]
    + [(cat, False, text) for cat, texts in _NEGATIVES.items() for text in texts]
)
