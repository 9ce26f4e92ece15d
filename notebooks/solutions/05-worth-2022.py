# 05-worth-2022: which pair tests "the operation showed the CSTO's worth to its members" best?
from csto import check, crises

print(crises()[["crisis_id", "request_type", "response"]].tail(5))
# b: the strongest case for (Kazakhstan got forces at once, and they left when asked) and the
# strongest case against (Armenia asked twice, got no forces, and froze its part). Weighed
# together they suggest "partly": worth shown to one government, not to every member.
answer = "b"
check("05-worth-2022", answer)
