"""The sources behind the handouts: each key used in the plan and the content, as a short citation."""

from __future__ import annotations

SOURCES: dict[str, str] = {
    "A1": "ACSM Position Stand: Exercise and Fluid Replacement. Sawka et al., Med Sci Sports Exerc 2007.",
    "A2": "Casa et al. NATA Position Statement: Fluid Replacement for Athletes. J Athl Train "
    "2000;35(2):212-224; and McDermott et al. 2017 (N1).",
    "N1": "NATA Position Statement: Fluid Replacement for the Physically Active. McDermott et al., "
    "J Athl Train 2017;52(9):877-895.",
    "SR": "Sweat-rate method. Academy of Nutrition and Dietetics, Sports Nutrition Care Manual.",
    "Na1": "Ranchordas et al., J Int Soc Sports Nutr 2017 (sweat sodium in team-sport athletes).",
    "Na2": "Holmes et al., Ann Sports Med Res 2016.",
    "Na3": "McCubbin & Costa, Int J Sports Sci 2018.",
    "H1": "Exercise-associated hyponatremia: a practical guide. German J Sports Med 2018.",
    "H2": "Miller. Rethinking the Cause of Exercise-Associated Muscle Cramping. Curr Sports Med Rep 2015.",
    "W1": "ACSM 2007 heat position stand, WBGT table; reprinted in NATA 2015, J Athl Train 50(9):986.",
    "W2": "NATA Position Statements on Exertional Heat Illnesses, 2002 and 2015.",
    "W3": "NATA Inter-Association Task Force: Preseason Heat-Acclimatization Guidelines, 2009.",
    "W4": "ACSM Expert Consensus Statement on Exertional Heat Illness. Roberts et al., "
    "Curr Sports Med Rep 2021.",
    "W5": "Casa et al. NATA Position Statement: Exertional Heat Illnesses. J Athl Train 2015;50(9):986-1000.",
    "NWS": "US National Weather Service: the heat index equation (Rothfusz regression) and chart.",
    "C1": "Miller et al. Exercise-Associated Muscle Cramps. J Athl Train 2021.",
    "C2": "Schwellnus et al. Br J Sports Med 2011.",
    "C5": "Garrison et al. Magnesium for skeletal muscle cramps. Cochrane Review 2020.",
    "F1": "NHS: Twitching eyes and muscles.",
    "F2": "MedlinePlus (US National Library of Medicine): Muscle twitching.",
    "F3": "Turner & Talbot 2013: benign fasciculation reviews.",
    "F4": "NINDS: Amyotrophic lateral sclerosis (ALS), signs.",
    "R1": "CDC/NIOSH: Exertional rhabdomyolysis, symptoms.",
    "T1": "Gabbett. The training-injury prevention paradox. Br J Sports Med 2016;50:273-280.",
    "T2": "Lolli et al. Br J Sports Med 2019;53:921.",
    "T3": "Impellizzeri et al. Sports Med 2020.",
    "T5": "Nielsen et al. J Orthop Sports Phys Ther 2014 (873 novice runners).",
    "T6": "Meeusen et al. ECSS/ACSM consensus on overtraining. Med Sci Sports Exerc 2013;45(1):186-205.",
    "N-Mg": "NIH Office of Dietary Supplements: Magnesium.",
    "N-Ca": "Institute of Medicine: Dietary Reference Intakes for Calcium and Vitamin D, 2011.",
    "N-K": "NASEM: Dietary Reference Intakes for Sodium and Potassium, 2019.",
    "Caf1": "EFSA Scientific Opinion on the safety of caffeine, 2015.",
    "Caf2": "Health Canada: Caffeine in foods.",
    "Alc1": "Alcohol and exercise recovery. Nutrients 2010;2(8):781.",
    "Alc2": "Systematic review of alcohol and resistance exercise, 2020.",
    "Alc3": "CDC: Underage drinking. UK Chief Medical Officer: alcohol and young people, 2009.",
    "NHS-S": "NHS: Stroke, symptoms. CDC: Stroke signs and symptoms.",
    "IOM2005": "Institute of Medicine: Dietary Reference Intakes for Water, Potassium, Sodium, "
    "Chloride, and Sulfate, 2005.",
    "S1": "American Academy of Sleep Medicine: teen sleep advisory.",
    "S2": "AASM/SRS: sleep for adults. Watson et al. 2015.",
    "S3": "National Sleep Foundation. Hirshkowitz et al. Sleep Health 2015.",
    "LA": "Reviews on lactate, muscle soreness and cramps.",
}
