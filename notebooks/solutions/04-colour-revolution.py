# 04-colour-revolution: a model answer (yours may judge the other way: the rubric rewards the
# weighing, not the verdict). It rests on these rows.
from csto import check, claims, perspectives

print(claims("kz2022-nature-of-unrest")[["claim", "source_id", "used_in_lessons"]])
print(perspectives("kazakhstan-2022")[["who", "role", "date_text", "voice_kind"]])
answer = """The case for a plot from abroad: Tokayev told the CSTO on 5 January that the
attackers were gangs trained abroad and spoke of 20,000 'bandits' on 7 January; the Council's
decision cites interference from outside; Putin called it a colour revolution on 10 January
(SB. Belarus Today, Bloomberg), and the scholar Syssoyeva (2023) agrees that colour-revolution
methods were used. The case for unrest at home: the protests began in Zhanaozen over gas prices
on 2 January; no evidence of a foreign attack was made public (claims); the analyst Pannier
(FPRI, 2022) reads a fight inside the elite, and the timeline fits: Nazarbayev lost the
Security Council chair and security chief Massimov was detained for treason. The first case
rests on what leaders said, the second on dated events, so I find the domestic reading
stronger; with closed trials and no independent inquiry, the judgement stays provisional."""
check("04-colour-revolution", answer)
