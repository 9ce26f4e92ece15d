# 05-worth-2022: which evidence most weakens "the operation showed the CSTO's worth to its members"?
from csto import check

# b: a member that asked twice and got no forces froze its part and stopped paying by 2024.
answer = "b"
check("05-worth-2022", answer)
