# 01-thesis-signers: how far does the 2022 article's thesis hold? The evidence: the signature
# rows: six states on 15 May 1992 (not the CIS), three in 1993; in force 20 April 1994 with nine
# parties.
from csto import check, load, members_on

events = load("membership_events")
signatures = events[(events["body"] == "CST") & (events["event"] == "signature")]
print(signatures[["iso3", "date_text"]])
print(len(members_on("1995-01-01")), "parties on 1995-01-01")
# b: the verdict these rows support (the teachers' page sets out both sides).
answer = "b"
check("01-thesis-signers", answer)
