# 04-colour-revolution: a model answer (yours will differ); it rests on these rows.
from csto import check, claims, perspectives

print(claims("kz2022-nature-of-unrest")[["claim", "source_id", "used_in_lessons"]])
print(perspectives("kazakhstan-2022")[["who", "role", "date_text", "voice_kind"]])
answer = """The data point to unrest at home more than a colour revolution. The foreign plot was
the governments' claim: Tokayev spoke of 20,000 'bandits' on 7 January, and Putin told the CSTO
video session of 10 January that it was a colour revolution, as both the Belarusian state paper
SB. Belarus Today and Bloomberg report. Those sources show what he said, not that it was true,
and the claims table notes that no evidence of a foreign attack was made public. An independent
analyst, Bruce Pannier (FPRI, March 2022), sees a struggle inside the elite instead, and the
timeline fits: Nazarbayev lost the Security Council chair and Massimov was detained for
treason. With closed trials and no independent inquiry, the judgement stays provisional."""
check("04-colour-revolution", answer)
