# ruff: noqa: RUF001  (Khmer, Thai, Burmese text and digits are the point of these lines)
"""Builds holdout.jsonl: harder examples written after the first tuning round, kept apart so
the reported numbers are not only those of the data the detectors were tuned on.
"""

from __future__ import annotations

import json
from pathlib import Path

NEG = [
    "She was recruited at 15, worked for 3 years, and returned in 2024 aged 18.",
    "The debt rose from 12,000 to 48,500 baht within 6 months.",
    "Between 1 and 2 a.m. the workers were moved in 2 trucks.",
    "Ref C-9QX4T7M2BZ; region TH-50; reported 2025-03.",
    "Regions VN-SG and KH-18 were involved; 4.5% of the salary was deducted.",
    "Case numbers rose by 12.5% in 2024 compared with 2023.",
    "A fee of 1.200.000 đồng was charged for each medical check.",
    "He was paid 350 ringgit instead of the 1,500 ringgit promised.",
    "Approx. 2,500,000 kyat was borrowed from a moneylender at 10% per month.",
    "The compound housed between 2,000 and 3,000 people.",
    "The shift ran from 7:30 to 23:30 with 2 breaks of 15 minutes.",
    "She spent 72 hours in detention before being released.",
    "The boat left port in week 14 and returned in week 52.",
    "Over 18 months she sent home 9 payments of about 100 USD.",
    "The survivor was referred under protocol 3.2 of the national referral mechanism.",
    "She holds a grade 12 certificate and worked at a garment factory for 2 years.",
    "The mobile money transfers were small, under 50 USD each.",
    "He was told to recruit 5 more people to reduce his debt by 20%.",
    "The hotline received 1,024 calls in the third quarter.",
    "The victim is a 19-year-old woman from a rural district.",
    "The recruiter posted on a job group with 40,000 members.",
    "She said the employer called her names and threatened her daily.",
    "Workers were called to the office one by one.",
    "A man she called uncle introduced her to the broker.",
    "The company called the police after the workers protested.",
    "Mr and Mrs were the only words of English she knew.",
    "He used a passport that was not his own; the document has been handed to immigration.",
    "Her ID card and household registration were kept by the agent.",
    "The account was opened in her name without her consent.",
    "The boat's registration number is held by the fisheries department, not recorded here.",
    "She arrived in the first week of May 2024 and left at the end of June 2024.",
    "In mid-2023 the group was moved across the river.",
    "Follow-up visits: months 1, 3 and 6 after return.",
    "Salary was 6,500 baht per month for 26 working days.",
    "ID checks at the border were avoided by crossing at night.",
    "The e-mail account she used was closed by the recruiter.",
    "She saw the job advert on social media and replied by message.",
    "Interview held via video call with an interpreter present.",
    "Version 3.4.1 of the app was used to send the messages.",
    "The compound is about 20 km from the town centre.",
    "Phone confiscated on arrival; returned after 3 months.",
    "The survivor's street address is withheld; she lives in an urban district.",
    "Age band 9-17; gender female; citizenship KH.",
    "Exploitation types: forced labour, forced criminality.",
    "She was told she owed 30 000 baht for food and housing.",
    "Ratio 3:1 of men to women among the rescued group.",
    "ผู้เสียหายอายุ 17 ปี ทำงานในโรงงาน 14 ชั่วโมงต่อวัน ได้ค่าจ้าง 300 บาท",
    "นายจ้างหักเงินเดือนละ 2,000 บาท เป็นเวลา 10 เดือน",
    "เธอเชื่อใจนายหน้าเพราะเป็นคนในหมู่บ้านเดียวกัน",
    "Cô ấy làm việc 14 giờ mỗi ngày trong 8 tháng, lương 5.000.000 đồng.",
    "Anh ấy bị bán sang Campuchia năm 2022 và trở về năm 2024.",
    "Nạn nhân 16 tuổi, được giới thiệu bởi một người quen trong xã.",
    "នាងបានធ្វើការនៅក្នុងរោងចក្រកាត់ដេរអស់រយៈពេល ២ ឆ្នាំ ហើយទទួលបានប្រាក់ខែ ១៨០ ដុល្លារ។",
    "គាត់ត្រូវបានគេលក់ទៅកាន់ទូកនេសាទនៅឆ្នាំ ២០២៣។",
    "သူမသည် ၂၀၂၄ ခုနှစ်တွင် မလေးရှားနိုင်ငံသို့ ရောက်ရှိခဲ့ပြီး လစာ မရရှိခဲ့ပါ။",
    "အလုပ်သမား ၁၅ ဦးသည် တစ်လလျှင် ဘတ် ၅,၀၀၀ သာ ရရှိခဲ့သည်။",
]
POS = [
    ("Her WhatsApp is +855 96 555 1234.", ["phone_number"]),
    ("Reach the broker at 0969 555 123.", ["phone_number"]),
    ("Broker phone: 66-89-123-4567.", ["phone_number"]),
    ("The agent's number is (+84) 98 765 4321.", ["phone_number"]),
    ("Viber 09 250 123 456 was used to send instructions.", ["phone_number"]),
    ("She called 0899876543 from the hostel.", ["phone_number"]),
    ("Mobile: +60 11-2345 6789", ["phone_number"]),
    ("Her sister's mobile 0916 234 5678 was also used.", ["phone_number"]),
    ("Contact ๐๘๑ ๒๓๔ ๕๖๗๘ for the job.", ["phone_number"]),
    ("លេខទូរស័ព្ទ ០១២ ៣៤៥ ៦៧៨", ["phone_number"]),
    ("ဖုန်း ၀၉ ၄၂၁ ၂၃၄ ၅၆၇ ကို ဆက်သွယ်ပါ။", ["phone_number"]),
    ("Recruiter e-mail: kimly_jobs2024@gmail.com", ["email"]),
    ("Send CV to HR.Recruit@Thai-Fishing-Co.co.th today.", ["email"]),
    ("Her ID number is 1-1037-00234-56-1.", ["national_id"]),
    ("National ID: 110123456.", ["national_id"]),
    ("Số CMND 271234567.", ["national_id"]),
    ("ID no 038095002345", ["national_id"]),
    ("Passport no. K1234567 was kept by the agent.", ["passport_number"]),
    ("He travelled on passport N04567891.", ["passport_number"]),
    ("She was born on 02/11/2005 in a rural district.", ["date_of_birth"]),
    ("DOB 2005-11-02.", ["date_of_birth"]),
    ("She was born on the 2nd of November 2005.", ["date_of_birth"]),
    ("Date of birth: 2 Nov 2005", ["date_of_birth"]),
    ("Ngày sinh 02/11/2005.", ["date_of_birth"]),
    ("On 3 January 2025 she was sold to a second employer.", ["date_of_birth"]),
    ("The family lives at 17 Preah Sihanouk Boulevard.", ["street_address"]),
    ("Shelter address: 99/1 Moo 7, Tambon Mae Pa.", ["street_address"]),
    ("He rented a room at 5 Jalan Bukit Bintang.", ["street_address"]),
    ("See https://www.facebook.com/groups/123456789/ for the ad.", ["url"]),
    ("Profile: fb.com/sokha.jobs", ["url"]),
    ("Ad at jobs-abroad.net/thai?ref=fb", ["url"]),
    ("Telegram @kh_jobs_2024 posted the offer.", ["social_handle"]),
    ("Line ID: nong_work", ["social_handle"]),
    ("Card 4539 1488 0343 6467 was in her name.", ["payment_card"]),
    ("IBAN: GB33BUKB20201555555555", ["iban"]),
    ("Wages paid to account 123456789012.", ["bank_account"]),
    ("SCB account no. 123-456789-0", ["bank_account"]),
    ("Location 13.3611, 103.8597 was shared.", ["gps_coordinates"]),
    ("Server at 172.16.254.1 hosted the fake site.", ["ip_address"]),
    ("Her name was Chanthy.", ["person_name"]),
    ("The boss, Mr. Wang Lei, kept the passports.", ["person_name"]),
    ("A broker named Kyaw Zin met them at the border.", ["person_name"]),
    ("The girl's name is Mai.", ["person_name"]),
    ("Ms. Nguyen Thi Hoa ran the karaoke bar.", ["person_name"]),
]


def main() -> None:
    out = Path(__file__).with_name("holdout.jsonl")
    with out.open("w", encoding="utf-8") as fh:
        for text in NEG:
            fh.write(
                json.dumps({"text": text, "kinds": [], "group": "holdout"}, ensure_ascii=False)
                + "\n"
            )
        for text, kinds in POS:
            fh.write(
                json.dumps({"text": text, "kinds": kinds, "group": "holdout"}, ensure_ascii=False)
                + "\n"
            )
    print(f"{len(NEG) + len(POS)} lines -> {out}")


if __name__ == "__main__":
    main()
