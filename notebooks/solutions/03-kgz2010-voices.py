# 03-kgz2010-voices: a model answer, written from perspectives("kyrgyzstan-2010") and the claims.
from csto import check, claims, perspectives

voices = perspectives("kyrgyzstan-2010")
print(voices[["who", "role", "date_text", "voice_kind"]])
print(claims("kgz2010-why-no-troops")[["claim", "source_id", "used_in_lessons"]])
answer = """
Roza Otunbayeva, head of Kyrgyzstan's interim government, said on 2010-06-12 that Osh was out
of control and asked Russia for troops (Eurasianet, an independent outlet). Dmitry Medvedev,
Russia's president, had said in Tashkent the day before that CSTO troops go in only when a
member is attacked from outside, and his press secretary called the violence an internal
conflict. So they disagree on what kind of crisis it was, and so on whether the alliance
applied at all. The claims show the request went to Moscow, not to the CSTO, and Moscow
answered for both; the CSTO then sent equipment and advisers. Medvedev's words come from
People's Daily, a Chinese state outlet, but UPI reports them too.
"""
check("03-kgz2010-voices", answer)
