// Word lists for generated addresses. First and last names are disjoint so `first.last` and
// `last.first` never produce the same local part for two different people.

import {Weighted} from './rng.js';

export const FIRST_NAMES = [
	'jane', 'john', 'maria', 'wei', 'aisha', 'carlos', 'olga', 'liam', 'noah', 'emma',
	'olivia', 'ava', 'sophia', 'mia', 'lucas', 'mateo', 'elena', 'yuki', 'hiro', 'priya',
	'arjun', 'fatima', 'omar', 'jun', 'mei', 'ivan', 'anna', 'sven', 'ingrid', 'pierre',
	'camille', 'louis', 'giulia', 'marco', 'sofia', 'diego', 'lucia', 'ahmed', 'leila', 'kofi',
	'amara', 'tunde', 'zanele', 'raj', 'ananya', 'kenji', 'sakura', 'minh', 'linh', 'tomasz',
	'agnieszka', 'pavel', 'katya', 'nikos', 'eleni', 'jonas', 'freya', 'oscar', 'hugo', 'clara',
	'felix', 'nora', 'erik', 'astrid', 'daniel', 'rachel', 'michael', 'sarah', 'david', 'laura',
	'kevin', 'megan', 'brian', 'nicole', 'jason', 'amanda', 'ryan', 'jessica', 'eric', 'heather',
	'tyler', 'brittany', 'kyle', 'samantha', 'sean', 'rebecca', 'aaron', 'hannah', 'adam', 'victoria',
	'paolo', 'ines', 'rui', 'beatriz', 'tariq', 'salma', 'dmitri', 'natasha', 'jae', 'soo',
] as const;

export const LAST_NAMES = [
	'smith', 'johnson', 'garcia', 'martinez', 'nguyen', 'kim', 'patel', 'shah', 'chen', 'wang',
	'li', 'zhang', 'liu', 'tanaka', 'suzuki', 'sato', 'mueller', 'schmidt', 'schneider', 'fischer',
	'weber', 'meyer', 'rossi', 'russo', 'ferrari', 'esposito', 'bianchi', 'dubois', 'moreau', 'laurent',
	'lefebvre', 'fernandez', 'lopez', 'gonzalez', 'rodriguez', 'perez', 'sanchez', 'ramirez', 'torres', 'silva',
	'santos', 'oliveira', 'pereira', 'costa', 'kowalski', 'nowak', 'wisniewski', 'ivanov', 'petrov', 'smirnov',
	'novak', 'horvat', 'jensen', 'nielsen', 'hansen', 'andersen', 'larsen', 'johansson', 'lindqvist', 'berg',
	'virtanen', 'korhonen', 'obrien', 'murphy', 'kelly', 'walsh', 'byrne', 'mcdonald', 'campbell', 'stewart',
	'okafor', 'mensah', 'adeyemi', 'mwangi', 'dlamini', 'haddad', 'khalil', 'nasser', 'yilmaz', 'demir',
	'kaya', 'cohen', 'levi', 'friedman', 'singh', 'kumar', 'reddy', 'iyer', 'gupta', 'rahman',
	'hossain', 'tran', 'pham', 'le', 'park', 'choi', 'jung', 'kang', 'brown', 'williams',
	'taylor', 'wilson', 'moore', 'anderson', 'thomas', 'jackson', 'white', 'harris', 'clark', 'lewis',
	'robinson', 'walker', 'young', 'allen', 'king', 'wright', 'scott', 'green', 'baker', 'hill',
] as const;

/** Business addresses: many company domains, some freemail, a few country TLDs and subdomains. */
export const B2B_DOMAINS = new Weighted<string>([
	['acme.com', 6], ['globex.com', 5], ['initech.com', 4], ['umbrella-corp.com', 3], ['hooli.com', 4],
	['piedpiper.io', 3], ['stark-industries.com', 3], ['wayne-enterprises.com', 3], ['cyberdyne.io', 2],
	['tyrell.com', 2], ['soylent.co', 2], ['wonka.co.uk', 2], ['oscorp.net', 2], ['massive-dynamic.com', 2],
	['vandelay.com', 2], ['dundermifflin.com', 3], ['prestige-worldwide.com', 1], ['bluthcompany.com', 1],
	['gringotts.co.uk', 1], ['monsters-inc.com', 1], ['aperture-science.com', 1], ['black-mesa.org', 1],
	['nakatomi.co.jp', 1], ['weyland-yutani.com', 1], ['sirius-cybernetics.com', 1], ['krustykrab.com', 1],
	['contoso.com', 4], ['fabrikam.com', 3], ['northwind.com', 3], ['adventure-works.com', 2],
	['litware.de', 2], ['tailspintoys.fr', 1], ['wingtiptoys.es', 1], ['proseware.it', 1], ['lucernepublishing.nl', 1],
	['mail.contoso.com', 1], ['eu.globex.com', 1], ['us.initech.com', 1], ['example.org', 1], ['startup.ai', 1],
	['gmail.com', 10], ['outlook.com', 4], ['yahoo.com', 3], ['hotmail.com', 2], ['icloud.com', 2],
	['proton.me', 1], ['gmx.de', 1], ['web.de', 1], ['orange.fr', 1], ['libero.it', 1], ['yandex.ru', 1],
	['qq.com', 1], ['naver.com', 1], ['uol.com.br', 1], ['rediffmail.com', 1],
]);

/** Sign-up forms: mostly freemail. */
export const CONSUMER_DOMAINS = new Weighted<string>([
	['gmail.com', 40], ['yahoo.com', 10], ['outlook.com', 8], ['hotmail.com', 8], ['icloud.com', 6],
	['aol.com', 3], ['proton.me', 2], ['gmx.de', 2], ['web.de', 2], ['mail.ru', 2], ['orange.fr', 1],
	['free.fr', 1], ['libero.it', 1], ['btinternet.com', 1], ['comcast.net', 2], ['verizon.net', 1],
	['qq.com', 2], ['163.com', 1], ['naver.com', 1], ['yahoo.co.jp', 1], ['uol.com.br', 1],
	['acme.com', 1], ['globex.com', 1], ['hooli.com', 1], ['contoso.com', 1], ['mailinator.com', 1],
	['10minutemail.com', 1], ['tempmail.dev', 1],
]);

/** Mail exchangers named in SMTP error messages. */
export const MX_HOSTS = [
	'mx1.example.com', 'mx2.example.com', 'aspmx.l.google.com', 'mx.acme.com', 'mail.globex.com',
	'mx01.initech.com', 'smtp.hooli.com', 'mx.contoso.com', 'inbound.fabrikam.com', 'mx.litware.de',
] as const;
