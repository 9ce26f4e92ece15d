# 03-kgz2010-voices: a model answer, written from perspectives("kyrgyzstan-2010") and the claims.
from csto import check, claims, perspectives

voices = perspectives("kyrgyzstan-2010")
print(voices[["who", "role", "date_text", "voice_kind"]])
print(claims("kgz2010-why-no-troops")[["claim", "source_id", "used_in_lessons"]])
answer = """
Roza Otunbayeva, head of Kyrgyzstan's interim government, said on 2010-06-12 that Osh was out
of control and asked Russia for troops (Eurasianet, an independent outlet); the Kremlin passed
the plea on to the CSTO, which the interim government also asked. Her case: the state had lost
control and people were dying. Dmitry Medvedev, Russia's president, said in Tashkent the day
before that sending CSTO troops was not under discussion for now, since the alliance acts when a
member is attacked from outside; his case is the treaty itself, whose Article 4 of 1992 speaks
of aggression by states. So they disagree on what kind of crisis it was. Both cases are
strong; the treaty text backs Medvedev, but Human Rights Watch shows the cost of waiting.
Medvedev's words come from People's Daily, a Chinese state outlet, but UPI reports them too.
"""
check("03-kgz2010-voices", answer)
