# 05-ukraine-war: what the data set supports about the CSTO and Russia's war against Ukraine.
from csto import check

# b: no CSTO body decided anything on the war, and the members split at the UN on 2 March 2022.
answer = "b"
check("05-ukraine-war", answer)
