"""Common given names that are almost always one gender's, for telling who a he or she can be.

A name's first word says more than the article's own pronouns, which a quotation between a subject
and a cue muddles (`Clinton “caused havoc,” he said`: his words about her). Names borne by men and
women alike (Jordan, Taylor, Kelly, Leslie, Robin, Jean, Jamie) are left out, so that the article
decides them. Plain data: common English, Spanish, French, German, Italian and Arabic given names.
"""

# fmt: off
_MALE = """
Aaron Abdul Abdullah Adam Adrian Ahmad Ahmed Alan Albert Alberto Alejandro Alexander Alfonso
Alfred Ali Allen Alvin Andre Andrew Andy Angelo Anthony Antonio Arnold Arthur Barry Ben
Benjamin Bernard Bernie Bill Billy Bob Bobby Brad Bradley Brandon Brendan Brett Brian Bruce Bryan
Carl Carlos Charles Charlie Christian Christopher Chuck Clarence Claude Clifford Colin Craig
Curtis Dan Daniel Danny Darren Dave David Dean Dennis Derek Dick Diego Dmitry Don Donald Doug
Douglas Duncan Dwight Earl Ed Eddie Edgar Eduardo Edward Elijah Elliot Emmanuel Eric Ernest Eugene
Evan Frank Franklin Fred Frederick Gary Gavin Gene George Gerald Glenn Gordon Graham Greg Gregory
Guy Hans Harold Harry Henry Herbert Howard Hugh Hugo Ian Isaac Ivan Jack Jacob Jake Jason Javier
Jay Jeff Jeffrey Jeremy Jerry Jesse Jim Jimmy Joe Joel John Johnny Jon Jonathan Jorge Jose
Joseph Josh Joshua Juan Julian Justin Karl Keith Ken Kenneth Kevin Khalid Kurt Larry Lawrence
Leon Leonard Louis Luis Luke Malcolm Marc Marco Marcus Mario Mark Martin Marvin Matt
Matthew Max Michael Miguel Mike Mitch Mitchell Mohamed Mohammad Mohammed Muhammad Nathan Neil
Nicholas Nick Nigel Norman Omar Oscar Owen Pablo Patrick Paul Pedro Peter Phil Philip Phillip
Pierre Ralph Ramon Randy Ray Raymond Richard Rick Ricky Rob Robert Roberto Rodney Roger Roland
Ron Ronald Ross Roy Rudy Rupert Russell Ryan Samuel Scott Sean Sergei Seth Shane Simon Stephen
Steve Steven Stuart Ted Thomas Tim Timothy Todd Tom Tommy Tony Travis Trevor Troy Victor
Vincent Vladimir Walter Warren Wayne William Willie Yusuf Zach Zachary Pete Stanley Stan
Jerome Lloyd Leroy Herman Wesley Neal Kyle Eli Abraham
"""
_FEMALE = """
Abigail Adriana Agnes Aisha Alexandra Alice Alicia Alison Allison Amanda Amber Amy Ana
Angela Angelina Anita Ann Anna Anne Annette Arianna Ashley Audrey Barbara Beatrice Becky Betsy
Betty Beverly Bonnie Brenda Brittany Camila Carla Carly Carmen Carol Caroline Carolyn Catherine
Cecilia Charlotte Chelsea Cheryl Christina Christine Cindy Claire Clara Claudia Colleen Connie
Cynthia Daisy Danielle Darlene Debbie Deborah Debra Denise Diana Diane Donna Doris Dorothy
Edith Eileen Elaine Eleanor Elena Elizabeth Ellen Emily Emma Erica Erin Esther Eva Evelyn Fatima
Florence Frances Gabriela Gail Gloria Grace Hannah Harriet Heather Heidi Helen Hillary Holly Ingrid
Irene Isabel Isabella Jacqueline Jane Janet Janice Jeanne Jennifer Jessica Jill Joan Joanna Joanne
Josephine Joyce Judith Judy Julia Julie Karen Katherine Kathleen Kathryn Kathy Katie Kimberly
Kirsten Kristen Laura Lauren Linda Lisa Loretta Lori Louise Lucy Lydia Madeleine Margaret
Maria Marie Marilyn Martha Mary Maureen Megan Melissa Michelle Monica Monique Nancy
Natalie Nicole Nina Olivia Pamela Patricia Paula Peggy Penny Rachel Rebecca Renee Rita Roberta Rosa
Rose Ruth Sally Samantha Sandra Sara Sarah Sharon Sheila Shirley Sofia Sophia Sophie Stephanie
Susan Suzanne Sylvia Tamara Teresa Theresa Tiffany Tina Valerie Vanessa Veronica Victoria Virginia
Wendy Yvonne Zoe Melanie Gwen Joy Kate Marsha Nikki Priscilla Stacey Tracy Tammy Sheryl
Joanne Kristin Kristina Katrina Vivian Gina Lucia Marta Lena Ida Eliza Hilary
"""
# fmt: on
MALE_FIRST_NAMES = frozenset(_MALE.split())
FEMALE_FIRST_NAMES = frozenset(_FEMALE.split())
