# 02-thesis-1999: how far does the 2022 article's thesis hold? The evidence: their 1999 rows:
# 'extension protocol not signed' on 2 April, 'lapse' on 20 April; no notice of withdrawal.
from csto import check, load, perspectives

events = load("membership_events")
in_1999 = events[events["date_text"].str.startswith("1999")
                 & events["iso3"].isin(["AZE", "GEO", "UZB"])]
print(in_1999[["iso3", "date_text", "event", "status_after"]])
print(perspectives("cst-renewal-1999")[["who", "date_text", "voice_kind"]])
# b: the verdict these rows support (the teachers' page sets out both sides).
answer = "b"
check("02-thesis-1999", answer)
