# 06-atop-belarus: the first day ATOP codes Belarus as a member.
from csto import alliance_codings, check

atop = alliance_codings("ATOP v4.01")
belarus = atop[atop["name"] == "Belarus"]
print(belarus[["start_text", "end_text", "phase"]])
answer = belarus["start"].min()
check("06-atop-belarus", answer)
