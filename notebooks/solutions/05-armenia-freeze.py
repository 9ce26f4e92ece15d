# 05-armenia-freeze: the day Armenia's status became "frozen".
from csto import check, membership_spells

spells = membership_spells("Armenia")
print(spells[["status", "start_text", "end_text"]])
answer = spells.loc[spells["status"] == "frozen", "start"].item()
check("05-armenia-freeze", answer)
