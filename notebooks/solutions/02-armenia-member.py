# 02-armenia-member: a model answer (written answers are not graded: compare yours with it).
from csto import check

answer = """In law, yes. Article 19 lets a member leave only by written notice to the
depositary, six months ahead, with its obligations settled, and no row records such a notice:
on 26 November 2025 Deputy Foreign Minister Safaryan said leaving was not on the agenda, and on
11 December 2025 Russia's foreign ministry spokeswoman Zakharova said Armenia remained a full
member and that the rules know no "freeze"; the Russian ministry repeated it in February 2026.
In practice, no: Armenia skipped the Bishkek summit, has paid nothing since 2024, and its
speaker says it takes part in nothing. The freeze is a political stance, not a legal state,
and the record ends at the data's as-of date."""
check("02-armenia-member", answer)
