# 01-cis-treaty: who signed, on which days, and which CIS states never did.
from csto import check, load

rows = load("membership_events")
signed = rows[(rows["body"] == "CST") & (rows["event"] == "signature")]
print(signed.groupby("date_text")["iso3"].apply(list))  # six on the first day, three in 1993
all_states = load("states")
print(all_states.loc[all_states["role"] == "CIS state that never signed", "name"].tolist())
# b: six states signed in 1992 and three in 1993, the CIS is no party, three never signed.
answer = "b"
check("01-cis-treaty", answer)
