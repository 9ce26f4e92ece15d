# 07-leaders: bodies with a defence clause whose leading state, by the sources, is neither
# Russia nor the United States.
from csto import alliances, check

bound = alliances(defence_clause=True)
print(bound[["body_id", "leading_states", "leading_source_id"]])
led = bound["leading_states"].fillna("")
others = bound[(led != "") & ~led.str.contains("Russia|United States")]
answer = others["body_id"].tolist()
check("07-leaders", answer)
