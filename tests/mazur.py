"""The numbers seed 004 (Matt Mazur's worked 2-2-2 example) prints, as printed."""

FORWARD = {"out_h1": "0.593269992", "out_h2": "0.596884378", "out_o1": "0.75136507",
           "out_o2": "0.772928465", "net_h1": "0.3775", "net_o1": "1.105905967"}
E_O1, E_O2, E_TOTAL = "0.274811083", "0.023560026", "0.298371109"
DE_DOUT_O1, DOUT_DNET_O1 = "0.74136507", "0.186815602"
DE_DW5 = "0.082167041"
DE_DW1 = "0.000438568"
DELTA_O1 = "0.138498562"  # ∂E/∂net_o1
DE_DOUT_H1 = "0.036350306"
DOUT_DNET_H1 = "0.241300709"
# Updated weights w1…w8 after one iteration; W[l][j, i] positions in the engine.
UPDATED = {
    "w1": ((0, 0, 0), "0.149780716"), "w2": ((0, 0, 1), "0.19956143"),
    "w3": ((0, 1, 0), "0.24975114"), "w4": ((0, 1, 1), "0.29950229"),
    "w5": ((1, 0, 0), "0.35891648"), "w6": ((1, 0, 1), "0.408666186"),
    "w7": ((1, 1, 0), "0.511301270"), "w8": ((1, 1, 1), "0.561370121"),
}
# The tutorial prints 0.291027924 as the error after the first update; recomputing it from
# the tutorial's own updated weights gives 0.291027774, which is what correct backprop yields.
E_AFTER_FIRST_UPDATE_CORRECT = "0.291027774"
E_AFTER_FIRST_UPDATE_PRINTED = "0.291027924"
