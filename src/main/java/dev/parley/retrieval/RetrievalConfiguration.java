package dev.parley.retrieval;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on the periodic check that gives big bots their own indexes ({@link BotIndexes}). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RetrievalConfiguration {}
